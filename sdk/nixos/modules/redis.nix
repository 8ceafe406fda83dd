# The Redis Synapse's processes replicate through (nixpkgs `services.redis.servers`), on the
# homeserver's host: password from a file outside the store, bound to loopback and, when
# workers run on other hosts, to the private address. When those exist, PostgreSQL also
# listens on the private address and lets in exactly their addresses, by password.
{ config, lib, pkgs, ... }:
let
  params = import ./params.nix;
  w = params.synapseWorkers;
  redis = if w == null then null else w.redisServer;
  db = if w == null then null else w.databaseAccess;
  # The password goes to psql on stdin, never on a command line.
  setPassword = pkgs.writeShellScript "nixos-matrix-synapse-db-password" ''
    set -euo pipefail
    password=$(cat ${db.passwordFile})
    printf "ALTER ROLE \"%s\" WITH LOGIN PASSWORD '%s';\n" ${db.user} "$password" \
      | ${pkgs.util-linux}/bin/runuser -u postgres -- ${config.services.postgresql.package}/bin/psql --quiet --no-psqlrc --set ON_ERROR_STOP=1
  '';
in
{
  config = lib.mkMerge [
    (lib.mkIf (redis != null) {
      services.redis.servers.${redis.name} = {
        enable = true;
        port = redis.port;
        bind = redis.bind;
        requirePassFile = redis.passwordFile;
      };
    })
    (lib.mkIf (db != null) {
      services.postgresql = {
        settings.listen_addresses = db.listenAddresses;
        authentication = lib.concatMapStringsSep "" (client: ''
          host ${db.database} ${db.user} ${client} scram-sha-256
        '') db.clients;
      };
      systemd.services.nixos-matrix-synapse-db-password = {
        description = "Password of Synapse's PostgreSQL role, for its workers on other hosts";
        after = [ "postgresql.service" ];
        requires = [ "postgresql.service" ];
        wantedBy = [ "multi-user.target" ];
        serviceConfig = {
          Type = "oneshot";
          RemainAfterExit = true;
          ExecStart = setPassword;
        };
      };
    })
  ];
}
