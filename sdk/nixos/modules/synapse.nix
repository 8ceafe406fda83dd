# Synapse on loopback behind nginx. Secrets (registration, macaroon and TURN secrets)
# come from an extra config file outside the store; registrations are files the
# library writes on this host before the switch.
{ lib, ... }:
let
  params = import ./params.nix;
  synapse = params.synapse;
  withTurn = synapse.turnUris != [ ];
in
{
  config = lib.mkIf (synapse != null) {
    services.matrix-synapse = {
      enable = true;
      settings = {
        server_name = synapse.serverName;
        public_baseurl = synapse.publicBaseUrl;
        enable_registration = synapse.enableRegistration;
        # Synapse refuses open registration without a verification step unless told so.
        enable_registration_without_verification = lib.mkIf synapse.enableRegistration true;
        max_upload_size = synapse.maxUploadSize;
        listeners = [
          {
            port = synapse.listenPort;
            # Plus the private address when a moderation bot on another host talks to it.
            bind_addresses = [ "127.0.0.1" "::1" ] ++ synapse.privateBindAddresses;
            type = "http";
            tls = false;
            x_forwarded = true;
            resources = [
              {
                names = [ "client" ] ++ lib.optional synapse.federation "federation";
                compress = true;
              }
            ];
          }
        ];
        database = {
          name = "psycopg2";
          args = {
            user = "matrix-synapse";
            database = "matrix-synapse";
          };
        };
        app_service_config_files = synapse.appServiceConfigFiles;
        # An empty whitelist turns federation off.
        federation_domain_whitelist = lib.mkIf (!synapse.federation) [ ];
        turn_uris = lib.mkIf withTurn synapse.turnUris;
        turn_user_lifetime = lib.mkIf withTurn "1h";
      };
      extraConfigFiles = [ synapse.secretConfigFile ];
    };
  };
}
