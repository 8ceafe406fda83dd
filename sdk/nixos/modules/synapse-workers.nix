# Synapse workers (nixpkgs `services.matrix-synapse.workers.<name>`), on the homeserver's
# host and on worker hosts. Every process reads the same settings: `instance_map`,
# `stream_writers` and the other role lists, Redis, and (synapse-common.nix) the server's
# names, registrations, database and the secret extra config file (replication secret,
# Redis password, and on worker hosts the database section).
# A worker host runs worker units only: no main process, no database of its own.
{ lib, ... }:
let
  params = import ./params.nix;
  w = params.synapseWorkers;
  hasWorkers = w != null && w.workers != { };
  workerUnits = lib.mapAttrs' (name: _: lib.nameValuePair "matrix-synapse-worker-${name}" {
    # nixpkgs orders workers after a local main process; a worker host has none. Forced, so
    # the mesh's ordering (mesh.nix) is named here again: workers bind the mesh address.
    requires = lib.mkForce [ ];
    after = lib.mkForce ([ "network-online.target" ] ++ lib.optional (params.mesh != null) "${params.mesh.unit}.service");
  }) w.workers;
in
{
  config = lib.mkMerge [
    (lib.mkIf (w != null) {
      services.matrix-synapse = {
        workers = w.workers;
        settings = w.shared // {
          redis = {
            enabled = true;
            host = w.redis.host;
            port = w.redis.port;
          };
          signing_key_path = lib.mkIf (w.signingKeyFile != null) w.signingKeyFile;
        };
        # Synapse's own key, kept verifiable as old_signing_keys once the shared key replaces it.
        extraConfigFiles = lib.mkIf (w.oldSigningKeysDir != null) [ w.oldSigningKeysDir ];
      };
    })
    (lib.mkIf (w != null && w.main) {
      services.matrix-synapse.settings.listeners = [
        {
          port = w.replication.port;
          bind_addresses = w.replication.bindAddresses;
          type = "http";
          tls = false;
          x_forwarded = false;
          resources = [ { names = [ "replication" ]; compress = false; } ];
        }
      ];
    })
    (lib.mkIf (w != null && !w.main) {
      services.matrix-synapse = {
        settings = {
          # Never bound here (no main process runs on a worker host): nixpkgs asserts that
          # instance_map.main names a replication listener of these settings.
          listeners = [
            {
              port = w.replication.port;
              bind_addresses = [ w.replication.address ];
              type = "http";
              tls = false;
              x_forwarded = false;
              resources = [ { names = [ "replication" ]; compress = false; } ];
            }
          ];
        };
      };
      systemd.services = lib.mkIf hasWorkers (workerUnits // {
        matrix-synapse.enable = false;
      });
    })
  ];
}
