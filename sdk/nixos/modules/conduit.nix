# Conduit on RocksDB, on loopback behind nginx.
{ lib, ... }:
let
  params = import ./params.nix;
  conduit = params.conduit;
in
{
  config = lib.mkIf (conduit != null) {
    services.matrix-conduit = {
      enable = true;
      settings.global = {
        server_name = conduit.serverName;
        address = "::1";
        port = conduit.port;
        database_backend = "rocksdb";
        allow_registration = conduit.allowRegistration;
        allow_federation = conduit.allowFederation;
        max_request_size = conduit.maxRequestSize;
        turn_uris = lib.mkIf (conduit.turnUris != [ ]) conduit.turnUris;
      };
    };
    # The pinned release's module has no secretFile option: the unit reads the
    # environment file (CONDUIT_TURN_SECRET, ...) itself.
    systemd.services.conduit.serviceConfig.EnvironmentFile = conduit.environmentFile;
  };
}
