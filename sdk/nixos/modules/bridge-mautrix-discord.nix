# mautrix-discord, the recommended Discord bridge (legacy layout: the puppet template is
# `bridge.username_template`). Its registration service restores the tokens of the
# registration the library pre-seeds at /var/lib/mautrix-discord/discord-registration.yaml,
# then regenerates the file with them. Users log in to Discord through the bridge bot, so
# the library holds no Discord credential.
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.mautrixDiscord;
in
{
  config = lib.mkIf (bridge != null) {
    services.mautrix-discord = {
      enable = true;
      registerToSynapse = false;
      environmentFile = bridge.environmentFile;
      settings = lib.recursiveUpdate (lib.recursiveUpdate (import ./mautrix-appservice.nix bridge) {
        bridge.username_template = "${bridge.userPrefix}{{.}}";
      }) bridge.settings;
    };
  };
}
