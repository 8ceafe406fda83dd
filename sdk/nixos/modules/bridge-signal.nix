# mautrix-signal (bridgev2). Its preStart generates a registration only when none exists and
# copies the tokens from it, so it adopts the one the library pre-seeds at
# /var/lib/mautrix-signal/signal-registration.yaml. The module merges `settings` over its
# own defaults (`apply = recursiveUpdate defaultConfig`).
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.signal;
  domain = bridge.homeserverDomain;
in
{
  config = lib.mkIf (bridge != null) {
    services.mautrix-signal = {
      enable = true;
      registerToSynapse = false;
      environmentFile = bridge.environmentFile;
      settings = lib.recursiveUpdate {
        homeserver = {
          address = bridge.homeserverUrl;
          inherit domain;
        };
        appservice = {
          address = bridge.url;
          hostname = bridge.listenAddress;
          port = bridge.port;
          id = bridge.id;
          bot.username = bridge.botLocalpart;
          username_template = "${bridge.userPrefix}{{.}}";
        };
        bridge.permissions = {
          ${domain} = "user";
        };
      } bridge.settings;
    };
  };
}
