# continuwuity or Tuwunel (conduwuit's maintained forks; one nixpkgs module each, with the
# same settings), on RocksDB, on loopback behind nginx.
{ lib, ... }:
let
  params = import ./params.nix;
  c = params.conduwuit;
in
{
  # Not mkIf: the module system reads the attribute names inside mkIf even when it is off,
  # and these names come from the parameters.
  config = lib.optionalAttrs (c != null) {
    services.${c.service} = {
      enable = true;
      settings.global = {
        server_name = c.serverName;
        address = [ "::1" ];
        port = [ c.port ];
        allow_registration = c.allowRegistration;
        allow_federation = c.allowFederation;
        max_request_size = c.maxRequestSize;
        turn_uris = lib.mkIf (c.turnUris != [ ]) c.turnUris;
      } // c.extraSettings;
    };
    # Secrets (TURN secret, registration token) come as prefixed environment variables,
    # which both servers read besides their TOML file: the file is in the Nix store.
    systemd.services.${c.unit}.serviceConfig.EnvironmentFile = c.environmentFile;
  };
}
