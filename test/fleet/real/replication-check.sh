#!/usr/bin/env bash
# Synapse's main process and workers from the sid root, replicating through Debian's Redis
# (with a password, through the txredisapi stand-in) and sharing Debian's PostgreSQL 15, in
# the caller's own network and mount namespaces; then replication-client.py drives them.
# Start it as `unshare -m -n --propagation private bash replication-check.sh '<json>'`.
# Argument: {"sidRoot", "workDir" (holds txredisapi/, the configs and replication-client.py),
#            "redisPassword", "dbPassword", "workers": [{"name", "port"}]}.
set -euo pipefail

ARGS=${1:?usage: replication-check.sh '<json>'}
SID=$(jq -r .sidRoot <<<"$ARGS")
WORK=$(jq -r .workDir <<<"$ARGS")
BIN=/usr/lib/postgresql/15/bin
pids=()
# Everything stopped and gone, so nothing writes into the work dir after this script; what
# does not stop in 10 s is killed. PostgreSQL first, by a fast shutdown through pg_ctl, which
# waits until the server and all its processes are gone: the pid kept for it is runuser's, and
# runuser ends its child with SIGKILL after 2 s, which would leave the server's own processes
# writing into the work dir.
stop_all() {
    local pid _
    [ ! -f "$WORK/pg/postmaster.pid" ] || runuser -u postgres -- "$BIN/pg_ctl" -D "$WORK/pg" -m fast -w -t 10 stop >/dev/null 2>&1 || true
    for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    for _ in $(seq 100); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && return 0
        sleep 0.1
    done
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

ip link set lo up
chmod 0755 "$WORK"
mount -t tmpfs tmpfs /run/postgresql
chown postgres:postgres /run/postgresql
printf 'port 6379\nbind 127.0.0.1\nrequirepass %s\nsave ""\ndir %s\n' "$(jq -r .redisPassword <<<"$ARGS")" "$WORK" \
    | redis-server - >"$WORK/redis.log" 2>&1 &
pids+=($!)

install -d -o postgres -g postgres -m 0700 "$WORK/pg"
runuser -u postgres -- "$BIN/initdb" -U postgres --locale=C --encoding=UTF8 -D "$WORK/pg" >/dev/null
printf 'local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n' >"$WORK/pg/pg_hba.conf"
runuser -u postgres -- "$BIN/postgres" -D "$WORK/pg" -c listen_addresses=127.0.0.1 -c unix_socket_directories=/run/postgresql >"$WORK/postgres.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S /run/postgresql/.s.PGSQL.5432 ] && break; sleep 0.1; done
printf "CREATE ROLE \"matrix-synapse\" LOGIN PASSWORD '%s';\nCREATE DATABASE \"matrix-synapse\" OWNER \"matrix-synapse\";\n" \
    "$(jq -r .dbPassword <<<"$ARGS")" | runuser -u postgres -- "$BIN/psql" -h /run/postgresql -d postgres -q -v ON_ERROR_STOP=1

mount -t proc proc "$SID/proc"
mount --rbind /dev "$SID/dev"
mount -t tmpfs tmpfs "$SID/tmp"
mount --bind "$WORK" "$SID/mnt"
in_root() { chroot "$SID" env -i HOME=/mnt PATH=/usr/bin:/bin LANG=C.UTF-8 PYTHONPATH=/mnt/txredisapi "$@"; }

in_root synapse_homeserver --config-path /mnt/main.json --config-path /mnt/secrets.json --keys-directory /mnt --generate-keys >>"$WORK/main.log" 2>&1
in_root synapse_homeserver --config-path /mnt/main.json --config-path /mnt/secrets.json --keys-directory /mnt >>"$WORK/main.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do curl -sf http://127.0.0.1:8008/health >/dev/null && break; sleep 0.1; done
while IFS=$'\t' read -r name port; do
    in_root synapse_worker --config-path /mnt/main.json --config-path "/mnt/worker-$name.json" --config-path /mnt/secrets.json \
        --keys-directory /mnt >>"$WORK/worker-$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
done < <(jq -r '.workers[] | [.name, (.port | tostring)] | @tsv' <<<"$ARGS")

in_root python3 /mnt/replication-client.py "$(jq -c '{workers}' <<<"$ARGS")"
