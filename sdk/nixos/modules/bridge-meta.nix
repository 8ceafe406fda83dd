# mautrix-meta (bridgev2), one instance per network, named by it. Each instance's
# registration service restores the tokens of the registration the library pre-seeds at
# /var/lib/mautrix-meta-<network>/meta-registration.yaml and writes them back after
# regenerating it. `settings` is merged over the module's defaults.
{ lib, ... }:
let
  params = import ./params.nix;
  instance = bridge: {
    enable = true;
    registerToSynapse = false;
    environmentFile = bridge.environmentFile;
    settings = lib.recursiveUpdate (lib.recursiveUpdate (import ./mautrix-appservice.nix bridge) {
      appservice.username_template = "${bridge.userPrefix}{{.}}";
      network.mode = bridge.network;
    }) bridge.settings;
  };
in
{
  config = lib.mkIf (params.bridges.meta != [ ]) {
    services.mautrix-meta.instances = lib.listToAttrs (
      map (bridge: lib.nameValuePair bridge.network (instance bridge)) params.bridges.meta
    );
  };
}
