# matrix-appservice-irc. The module rewrites its registration on every start but keeps
# `id`, `as_token` and `hs_token`, so the tokens the library pre-seeds survive.
{ lib, ... }:
let
  params = import ./params.nix;
  bridge = params.bridges.irc;
in
{
  config = lib.mkIf (bridge != null) {
    services.matrix-appservice-irc = {
      enable = true;
      port = bridge.port;
      localpart = bridge.botLocalpart;
      registrationUrl = bridge.url;
      settings = lib.recursiveUpdate {
        homeserver = {
          url = bridge.homeserverUrl;
          domain = bridge.homeserverDomain;
          bindHostname = bridge.listenAddress;
        };
        ircService.servers = bridge.servers;
      } bridge.settings;
    };
  };
}
