# The host's state Volume: mounted by NixOS (Hetzner's automount is off), and the
# stateful services keep their data on it. PostgreSQL's cluster and Synapse's data
# directory (with its media store) live below the mount point; ACME certificates stay on
# the root disk, they are issued again. Conduit stays in its own state directory: its
# unit runs with DynamicUser, so a database elsewhere is not writable by it.
{ config, lib, ... }:
let
  params = import ./params.nix;
  volume = params.stateVolume;
  mountPoint = volume.mountPoint;
  postgresRoot = "${mountPoint}/postgresql";
  # Versioned like NixOS's own default (/var/lib/postgresql/<major>), so a major
  # upgrade gets a new directory next to the old one.
  postgresDataDir = "${postgresRoot}/${config.services.postgresql.package.psqlSchema}";
  synapseDataDir = "${mountPoint}/matrix-synapse";
in
{
  config = lib.mkIf (volume != null) (lib.mkMerge [
    {
      fileSystems.${mountPoint} = {
        device = volume.device;
        fsType = "ext4";
        # A Volume that does not show up must not stop the boot (SSH stays reachable);
        # the services below require the mount and stay down instead of writing to the
        # root disk. The directories are made after it is mounted.
        options = [
          "nofail"
          "x-systemd.before=systemd-tmpfiles-setup.service"
          "x-systemd.before=systemd-tmpfiles-resetup.service"
        ];
      };
    }
    (lib.mkIf (params.synapse != null) {
      services.postgresql.dataDir = postgresDataDir;
      services.matrix-synapse.dataDir = synapseDataDir;
      systemd.tmpfiles.settings."10-nixos-matrix-state" = {
        ${postgresRoot}.d = {
          user = "postgres";
          group = "postgres";
          mode = "0750";
        };
        ${postgresDataDir}.d = {
          user = "postgres";
          group = "postgres";
          mode = "0700";
        };
        ${synapseDataDir}.d = {
          user = "matrix-synapse";
          group = "matrix-synapse";
          mode = "0700";
        };
      };
      # A list merges with the modules' own RequiresMountsFor (a string for PostgreSQL).
      systemd.services.postgresql.unitConfig.RequiresMountsFor = [ mountPoint ];
      systemd.services.matrix-synapse.unitConfig.RequiresMountsFor = [ mountPoint ];
    })
  ]);
}
