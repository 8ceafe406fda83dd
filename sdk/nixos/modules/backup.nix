# Scheduled restic backups of the host's state to its own repository (params.backup, see
# sdk/plan/backup.ts). Before each run: a pg_dump of Synapse's database (never the live
# data directory) and, for Conduit and bridges, a copy of the state directory taken while
# the unit is stopped. Secrets stay in files outside the store. The manifest in /etc tells
# the restore script (sdk/deploy/scripts/restore.sh) where everything belongs.
{ config, lib, pkgs, ... }:
let
  params = import ./params.nix;
  enabled = params.backup != null;
  # A host without backups reads these placeholders; nothing of them reaches its config.
  backup = if enabled then params.backup else {
    repository = ""; kind = ""; schedule = "daily"; pruneOpts = [ ]; passwordFile = "";
    environmentFile = null; sftp = null; stagingDir = ""; stampFile = ""; manifest = "";
    synapse = false; oldSigningKeysDir = null; coldCopies = [ ];
  };
  staging = backup.stagingDir;
  synapseDir = config.services.matrix-synapse.dataDir;
  postgres = config.services.postgresql.package;
  synapsePaths = lib.optionals backup.synapse [
    "${synapseDir}/media_store"
    "${synapseDir}/homeserver.signing.key"
  ] ++ lib.optional (backup.oldSigningKeysDir != null) backup.oldSigningKeysDir;
  knownHosts = pkgs.writeText "nixos-matrix-backup-known-hosts" backup.sftp.knownHosts;
  sftpCommand = lib.concatStringsSep " " [
    "${pkgs.openssh}/bin/ssh"
    "-i ${backup.sftp.keyFile}"
    "-p ${toString backup.sftp.port}"
    "-o UserKnownHostsFile=${knownHosts}"
    "-o StrictHostKeyChecking=yes"
    "-o BatchMode=yes"
    "${backup.sftp.user}@${backup.sftp.host}"
    "-s sftp"
  ];
  dumpSynapse = ''
    ${pkgs.util-linux}/bin/runuser -u postgres -- ${postgres}/bin/pg_dump -Fc matrix-synapse >${staging}/synapse.pgdump.tmp
    mv -f ${staging}/synapse.pgdump.tmp ${staging}/synapse.pgdump
  '';
  # The unit is started again whether or not the copy worked; a failed copy fails the run.
  coldCopy = copy: ''
    rm -rf ${staging}/${copy.name}.tmp
    systemctl stop ${copy.unit}
    copied=0
    if [ ! -d ${copy.dir} ] || cp -a ${copy.dir}/. ${staging}/${copy.name}.tmp/; then copied=1; fi
    systemctl start ${copy.unit}
    [ "$copied" = 1 ]
    rm -rf ${staging}/${copy.name}
    if [ -d ${staging}/${copy.name}.tmp ]; then mv ${staging}/${copy.name}.tmp ${staging}/${copy.name}; fi
  '';
  manifest = {
    inherit (backup) repository kind passwordFile environmentFile stagingDir stampFile coldCopies;
    sshCommand = if backup.sftp == null then null else sftpCommand;
    synapse = if backup.synapse then {
      dataDir = synapseDir;
      database = "matrix-synapse";
      postgresBin = "${postgres}/bin";
      inherit (backup) oldSigningKeysDir;
    } else null;
    paths = [ staging ] ++ synapsePaths;
  };
in
{
  config = lib.mkIf enabled {
    services.restic.backups.nixos-matrix = {
      repository = backup.repository;
      initialize = true;
      passwordFile = backup.passwordFile;
      environmentFile = backup.environmentFile;
      extraOptions = lib.optional (backup.sftp != null) "sftp.command='${sftpCommand}'";
      paths = manifest.paths;
      timerConfig = {
        OnCalendar = backup.schedule;
        Persistent = true;
        RandomizedDelaySec = "30m";
      };
      pruneOpts = backup.pruneOpts;
      backupPrepareCommand = lib.concatStringsSep "\n" (
        [ "set -euo pipefail" "install -d -m 0700 ${staging}" ]
        ++ lib.optional backup.synapse dumpSynapse
        ++ map coldCopy backup.coldCopies
      );
    };
    # The health check reads this stamp's age: a run that fails leaves it old.
    systemd.services.restic-backups-nixos-matrix.serviceConfig.ExecStartPost = [
      "${pkgs.coreutils}/bin/touch ${backup.stampFile}"
    ];
    environment.etc."nixos-matrix/backup.json".text = builtins.toJSON manifest;
    environment.systemPackages = [ pkgs.restic ];
  };
}
