# Synapse's local PostgreSQL. Synapse requires a database with C collation and ctype;
# initialising the cluster with the C locale gives every database created here exactly that.
{ lib, ... }:
let
  params = import ./params.nix;
in
{
  config = lib.mkIf (params.synapse != null) {
    services.postgresql = {
      enable = true;
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
