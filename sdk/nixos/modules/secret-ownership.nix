# Owner, group and mode of every secret file the host gets. On the first deploy the
# secrets step runs before the users of the services exist, and writes their files as
# root:root with the file's mode; activation (after users and groups are created, before
# units are started or restarted) hands each file to its owner. Files not there yet are
# skipped; later deploys find them right already, and this only asserts it again.
{ lib, ... }:
let
  params = import ./params.nix;
  settle = file:
    let
      path = lib.escapeShellArg file.path;
    in
    ''
      if [ -f ${path} ] && [ ! -L ${path} ]; then
        chown ${lib.escapeShellArg "${file.owner}:${file.group}"} ${path}
        chmod ${lib.escapeShellArg file.mode} ${path}
      fi
    '';
in
{
  config = lib.mkIf (params.secretFiles != [ ]) {
    system.activationScripts.nixos-matrix-secret-ownership = {
      deps = [ "users" "groups" ];
      text = lib.concatMapStringsSep "" settle params.secretFiles;
    };
  };
}
