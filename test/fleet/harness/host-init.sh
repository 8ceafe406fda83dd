#!/usr/bin/env bash
# Runs inside a fleet host's network namespace and fresh mount namespace: gives the host its
# own /etc (overlay: private passwd, group and /etc/nixos), /var/lib, /run, /nix/var and /root, puts
# the stand-ins first on PATH, then starts its sshd.
set -euo pipefail

ROOT=${1:?usage: host-init.sh <host root>}
mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$ROOT/etc,workdir=$ROOT/.etc-work" /etc
mount --bind "$ROOT/var/lib" /var/lib
mount --bind "$ROOT/run" /run
mount --bind "$ROOT/nix-var" /nix/var
mount --bind "$ROOT/bin" /usr/local/sbin
mount --bind "$ROOT/root" /root
mkdir -p /run/sshd
chmod 0755 /run/sshd
ip link set lo up
exec /usr/sbin/sshd -f "$ROOT/sshd_config" -E "$ROOT/sshd.log"
