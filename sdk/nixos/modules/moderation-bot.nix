# Draupnir, the maintained fork of Mjolnir, as the host's moderation bot (nixpkgs
# services.draupnir). Its access token is made on this host by the bootstrap step (login)
# and loaded by the module with LoadCredential from secrets.accessToken, so it never enters
# the store. Until that step wrote it, a switch leaves the unit stopped instead of failed;
# the step starts it. Protected rooms are joined by that step: the module refuses
# settings.protectedRooms (Draupnir keeps them itself).
{ lib, ... }:
let
  params = import ./params.nix;
  enabled = params.moderationBot != null;
  # A host without a bot reads these placeholders; nothing of them reaches its config.
  bot = if enabled then params.moderationBot else { homeserverUrl = ""; managementRoom = ""; accessTokenFile = ""; };
in
{
  config = lib.mkIf enabled {
    services.draupnir = {
      enable = true;
      settings = {
        homeserverUrl = bot.homeserverUrl;
        managementRoom = bot.managementRoom;
      };
      secrets.accessToken = bot.accessTokenFile;
    };
    systemd.services.draupnir.unitConfig.ConditionPathExists = bot.accessTokenFile;
  };
}
