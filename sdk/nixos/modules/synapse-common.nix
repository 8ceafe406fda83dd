# What every Synapse process of the host reads, on the homeserver's host and on a worker
# host alike: the server's names, its secret extra config file (outside the store), the
# appservice registrations as this host keeps them, and where the database is.
{ lib, ... }:
let
  params = import ./params.nix;
  common = params.synapseCommon;
in
{
  config = lib.mkIf (common != null) {
    services.matrix-synapse = {
      enable = true;
      settings = {
        server_name = common.serverName;
        public_baseurl = common.publicBaseUrl;
        app_service_config_files = common.appServiceConfigFiles;
        # On a worker host this names the main host's PostgreSQL, so nixpkgs sets up no local
        # database; the full section, with the password, comes from the secret extra config.
        database = {
          name = "psycopg2";
          args = common.databaseArgs;
        };
      };
      extraConfigFiles = [ common.secretConfigFile ];
    };
  };
}
