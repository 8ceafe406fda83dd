# Not a module: the settings every mautrix bridge (Go) takes from the library's bridge
# params, the same keys in the legacy and bridgev2 layouts. `import ./mautrix-appservice.nix bridge`.
bridge: {
  homeserver = {
    address = bridge.homeserverUrl;
    domain = bridge.homeserverDomain;
  };
  appservice = {
    address = bridge.url;
    hostname = bridge.listenAddress;
    port = bridge.port;
    id = bridge.id;
    bot.username = bridge.botLocalpart;
  };
  bridge.permissions = {
    ${bridge.homeserverDomain} = "user";
  };
}
