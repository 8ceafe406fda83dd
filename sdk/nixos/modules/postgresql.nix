# Synapse's local PostgreSQL. Synapse requires a database with C collation and ctype;
# initialising the cluster with the C locale gives every database created here exactly that.
# The major version is set explicitly (params.postgresql.major, chosen per stack): NixOS's
# default follows system.stateVersion and a release's defaults, and a major upgrade is a
# data migration that must never happen by moving the pin.
{ lib, pkgs, ... }:
let
  params = import ./params.nix;
in
{
  config = lib.mkIf (params.synapse != null) {
    services.postgresql = {
      enable = true;
      package = pkgs."postgresql_${toString params.postgresql.major}";
      initdbArgs = [ "--locale=C" "--encoding=UTF8" ];
      ensureDatabases = [ "matrix-synapse" ];
      ensureUsers = [
        {
          name = "matrix-synapse";
          ensureDBOwnership = true;
        }
      ];
    };
  };
}
