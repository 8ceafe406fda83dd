# mautrix-discord, the recommended Discord bridge. Its registration service restores the
# tokens of the registration the library pre-seeds at
# /var/lib/mautrix-discord/discord-registration.yaml, then regenerates the file with them.
# Users log in to Discord through the bridge bot, so the library holds no Discord credential.
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.mautrixDiscord;
  domain = bridge.homeserverDomain;
in
{
  config = lib.mkIf (bridge != null) {
    services.mautrix-discord = {
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
        };
        bridge = {
          username_template = "${bridge.userPrefix}{{.}}";
          permissions = {
            ${domain} = "user";
          };
        };
      } bridge.settings;
    };
  };
}
