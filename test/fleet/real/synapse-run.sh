#!/usr/bin/env bash
# Runs Synapse from the sid root as its own user, inside the fleet host's namespaces: in a
# private mount namespace the root gets the host's /proc, /dev, /run (PostgreSQL's socket, the
# unit's config), /etc/passwd and /etc/group, and the two /var/lib directories Synapse uses
# (its data directory and the secrets the secrets step wrote); then chroot and exec.
# Start it as `unshare -m --propagation private bash synapse-run.sh '<json>'`.
# Argument: {"sidRoot", "user", "dataDir", "argv": [...], "pythonPath" (optional: a directory
# put on Python's path, e.g. the txredisapi stand-in)}.
set -euo pipefail

ARGS=${1:?usage: synapse-run.sh '<json>'}
SID=$(jq -r .sidRoot <<<"$ARGS")
USER_NAME=$(jq -r .user <<<"$ARGS")
DATA=$(jq -r .dataDir <<<"$ARGS")
mapfile -t argv < <(jq -r '.argv[]' <<<"$ARGS")

mount -t proc proc "$SID/proc"
mount --rbind /dev "$SID/dev"
mount --rbind /run "$SID/run"
mount -t tmpfs tmpfs "$SID/tmp"
for f in passwd group hosts; do mount --bind "/etc/$f" "$SID/etc/$f"; done
mount -t tmpfs tmpfs "$SID/var/lib"
for d in "$DATA" /var/lib/nixos-matrix; do
    mkdir -p "$SID$d"
    mount --bind "$d" "$SID$d"
done

PY_PATH=
if [ "$(jq -r '.pythonPath // empty' <<<"$ARGS")" != "" ]; then
    mount --bind "$(jq -r .pythonPath <<<"$ARGS")" "$SID/mnt"
    PY_PATH=/mnt
fi

uid=$(id -u "$USER_NAME")
gid=$(id -g "$USER_NAME")
groups=$(id -G "$USER_NAME" | tr ' ' ',')
cd /
exec chroot --userspec="$uid:$gid" --groups="$groups" "$SID" \
    env -i HOME="$DATA" PATH=/usr/bin:/bin LANG=C.UTF-8 PYTHONPATH="$PY_PATH" "${argv[@]}"
