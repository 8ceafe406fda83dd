# mautrix-telegram. The library delivers the registration itself (pre-seeded at the path
# the module adopts), so the module never registers with a local Synapse.
#
# The module's settings shape depends on the release (params.release.telegramModule, set
# once in the library's release.ts): the Python module takes JSON with
# `appservice.database` as a string; the bridgev2 module takes the Go bridge's layout.
# Defining `settings` replaces the module's default settings, so the defaults that matter
# are repeated here.
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.telegram;
  domain = bridge.homeserverDomain;
  stateDir = "/var/lib/mautrix-telegram";

  common = {
    homeserver = {
      address = bridge.homeserverUrl;
      inherit domain;
      software = "standard";
    };
    appservice = {
      address = bridge.url;
      hostname = bridge.listenAddress;
      port = bridge.port;
      id = bridge.id;
    };
  };

  pythonSettings = lib.recursiveUpdate common {
    appservice = {
      database = "sqlite:///${stateDir}/mautrix-telegram.db";
      database_opts = { };
      bot_username = bridge.botLocalpart;
    };
    bridge = {
      username_template = "${bridge.userPrefix}{userid}";
      permissions = {
        ${domain} = "full";
      };
      relaybot.whitelist = [ ];
      double_puppet_server_map = { };
      login_shared_secret_map = { };
    };
    logging = {
      version = 1;
      formatters.precise.format = "[%(levelname)s@%(name)s] %(message)s";
      handlers.console = {
        class = "logging.StreamHandler";
        formatter = "precise";
      };
      loggers = {
        mau.level = "INFO";
        telethon.level = "INFO";
        aiohttp.level = "WARNING";
      };
      root = {
        level = "INFO";
        handlers = [ "console" ];
      };
    };
  };

  bridgev2Settings = lib.recursiveUpdate common {
    appservice = {
      bot.username = bridge.botLocalpart;
      username_template = "${bridge.userPrefix}{{.}}";
    };
    database = {
      type = "sqlite3-fk-wal";
      uri = "file:${stateDir}/mautrix-telegram.db?_txlock=immediate";
    };
    bridge.permissions = {
      ${domain} = "user";
    };
    env_config_prefix = "MAUTRIX_TELEGRAM_";
  };

  generated = if params.release.telegramModule == "python" then pythonSettings else bridgev2Settings;
in
{
  config = lib.mkIf (bridge != null) {
    services.mautrix-telegram = {
      enable = true;
      registerToSynapse = false;
      environmentFile = bridge.environmentFile;
      settings = lib.recursiveUpdate generated bridge.settings;
    };
  };
}
