# mautrix-whatsapp. Its preStart adopts the registration the library pre-seeds at
# /var/lib/mautrix-whatsapp/whatsapp-registration.yaml and copies the tokens from it.
#
# The settings layout depends on the release (params.release.whatsappModule, set once in
# the library's release.ts). The legacy module's defaults are lost once `settings` is
# defined, so the ones that matter are repeated here.
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.whatsapp;
  domain = bridge.homeserverDomain;

  common = {
    homeserver = {
      address = bridge.homeserverUrl;
      inherit domain;
    };
    appservice = {
      address = bridge.url;
      hostname = bridge.listenAddress;
      port = bridge.port;
      id = bridge.id;
      bot = {
        username = bridge.botLocalpart;
        displayname = "WhatsApp Bridge Bot";
      };
    };
    bridge.permissions = {
      ${domain} = "user";
    };
  };

  legacySettings = lib.recursiveUpdate common {
    appservice = {
      database = {
        type = "sqlite3";
        uri = "/var/lib/mautrix-whatsapp/mautrix-whatsapp.db";
      };
      as_token = "";
      hs_token = "";
    };
    bridge = {
      username_template = "${bridge.userPrefix}{{.}}";
      displayname_template = "{{if .BusinessName}}{{.BusinessName}}{{else if .PushName}}{{.PushName}}{{else}}{{.JID}}{{end}} (WA)";
      command_prefix = "!wa";
      relay.enabled = true;
      double_puppet_server_map = { };
      login_shared_secret_map = { };
    };
    logging = {
      min_level = "info";
      writers = [
        {
          type = "stdout";
          format = "pretty-colored";
          time_format = " ";
        }
      ];
    };
  };

  bridgev2Settings = lib.recursiveUpdate common {
    appservice.username_template = "${bridge.userPrefix}{{.}}";
  };

  generated = if params.release.whatsappModule == "legacy" then legacySettings else bridgev2Settings;
in
{
  config = lib.mkIf (bridge != null) {
    services.mautrix-whatsapp = {
      enable = true;
      registerToSynapse = false;
      environmentFile = bridge.environmentFile;
      settings = lib.recursiveUpdate generated bridge.settings;
    };
  };
}
