# Synapse's main process on loopback behind nginx. What every Synapse process of the host
# reads (names, secret extra config, registrations, database) is set by synapse-common.nix.
{ lib, ... }:
let
  params = import ./params.nix;
  synapse = params.synapse;
  withTurn = synapse.turnUris != [ ];
in
{
  config = lib.mkIf (synapse != null) {
    services.matrix-synapse = {
      settings = {
        enable_registration = synapse.enableRegistration;
        # Synapse refuses open registration without a verification step unless told so.
        enable_registration_without_verification = lib.mkIf synapse.enableRegistration true;
        max_upload_size = synapse.maxUploadSize;
        listeners = [
          {
            port = synapse.listenPort;
            # Plus the private address when bridges or moderation bots on other hosts talk to it.
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
        # An empty whitelist turns federation off.
        federation_domain_whitelist = lib.mkIf (!synapse.federation) [ ];
        turn_uris = lib.mkIf withTurn synapse.turnUris;
        turn_user_lifetime = lib.mkIf withTurn "1h";
      };
    };
  };
}
