#!/usr/bin/env bash
# Runs txredisapi-check.py in the sid root, with the txredisapi stand-in on its Python path,
# against Debian's redis-server with a password, all in the caller's own network namespace.
# Start it as `unshare -m -n --propagation private bash txredisapi-check.sh '<json>'`.
# Argument: {"sidRoot", "workDir" (holds txredisapi/ and txredisapi-check.py), "port", "password"}.
set -euo pipefail

ARGS=${1:?usage: txredisapi-check.sh '<json>'}
SID=$(jq -r .sidRoot <<<"$ARGS")
WORK=$(jq -r .workDir <<<"$ARGS")
PORT=$(jq -r .port <<<"$ARGS")
PASSWORD=$(jq -r .password <<<"$ARGS")

ip link set lo up
# The password reaches Redis on stdin, not on its command line.
printf 'port %s\nbind 127.0.0.1\nrequirepass %s\nsave ""\nappendonly no\ndir %s\n' "$PORT" "$PASSWORD" "$WORK" \
    | redis-server - >"$WORK/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    if redis-cli -p "$PORT" ping 2>/dev/null | grep -q NOAUTH; then break; fi
    sleep 0.05
done

mount --rbind /dev "$SID/dev"
mount -t tmpfs tmpfs "$SID/tmp"
mount --bind "$WORK" "$SID/mnt"
chroot "$SID" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 PYTHONPATH=/mnt/txredisapi \
    python3 /mnt/txredisapi-check.py "$(jq -c '{port, password}' <<<"$ARGS")"
