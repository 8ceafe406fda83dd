# mautrix-signal (bridgev2). Its preStart generates a registration only when none exists and
# copies the tokens from it, so it adopts the one the library pre-seeds at
# /var/lib/mautrix-signal/signal-registration.yaml. The module merges `settings` over its
# own defaults (`apply = recursiveUpdate defaultConfig`).
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.signal;
in
{
  config = lib.mkIf (bridge != null) {
    services.mautrix-signal = {
      enable = true;
      registerToSynapse = false;
      environmentFile = bridge.environmentFile;
      settings = lib.recursiveUpdate (lib.recursiveUpdate (import ./mautrix-appservice.nix bridge) {
        appservice.username_template = "${bridge.userPrefix}{{.}}";
      }) bridge.settings;
    };
  };
}
