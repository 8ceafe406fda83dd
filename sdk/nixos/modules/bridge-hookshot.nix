# matrix-hookshot. The module reads the registration from `registrationFile` and runs as
# root, so it is pointed at the library's root-only copy. Generic webhooks arrive through
# nginx on the homeserver's domain (nginx.nix, `/hookshot/<id>/`) at the webhook listener.
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.hookshot;
  domain = bridge.homeserverDomain;
in
{
  config = lib.mkIf (bridge != null) {
    services.matrix-hookshot = {
      enable = true;
      registrationFile = bridge.registrationFile;
      settings = lib.recursiveUpdate {
        bridge = {
          inherit domain;
          url = bridge.homeserverUrl;
          port = bridge.port;
          bindAddress = bridge.listenAddress;
        };
        listeners = [
          {
            port = bridge.webhookPort;
            bindAddress = bridge.listenAddress;
            resources = [ "webhooks" ];
          }
        ];
        generic = {
          enabled = true;
          urlPrefix = bridge.webhookUrlPrefix;
          userIdPrefix = bridge.userPrefix;
        };
        permissions = [
          {
            actor = domain;
            services = [
              {
                service = "*";
                level = "manageConnections";
              }
            ];
          }
        ];
      } bridge.settings;
    };
  };
}
