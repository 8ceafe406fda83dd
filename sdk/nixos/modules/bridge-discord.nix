# matrix-appservice-discord. Credentials come from the environment file
# (APPSERVICE_DISCORD_AUTH_CLIENT_I_D, APPSERVICE_DISCORD_AUTH_BOT_TOKEN); the empty
# `auth` values are the module's own defaults, lost once `settings` is defined.
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.discord;
in
{
  config = lib.mkIf (bridge != null) {
    services.matrix-appservice-discord = {
      enable = true;
      port = bridge.port;
      url = bridge.url;
      localpart = bridge.botLocalpart;
      environmentFile = bridge.environmentFile;
      settings = lib.recursiveUpdate {
        bridge = {
          domain = bridge.homeserverDomain;
          homeserverUrl = bridge.homeserverUrl;
        };
        auth = {
          clientID = "";
          botToken = "";
        };
        database.filename = "/var/lib/matrix-appservice-discord/discord.db";
      } bridge.settings;
    };
  };
}
