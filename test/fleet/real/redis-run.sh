#!/usr/bin/env bash
# Runs Debian's redis-server as a `services.redis.servers.<name>` unit would: its preStart
# writes the config with the password read from its file into /run/redis-<name> (root-only
# directory, never the store), then the server runs as the redis user in the foreground.
# Argument: {"name", "port", "bind", "passwordFile"}.
set -euo pipefail

ARGS=${1:?usage: redis-run.sh '<json>'}
NAME=$(jq -r .name <<<"$ARGS")
RUN_DIR=/run/redis-$NAME
DATA=/var/lib/redis-$NAME
install -d -o redis -g redis -m 0700 "$RUN_DIR" "$DATA"
umask 077
{
    printf 'port %s\nbind %s\nsave ""\ndir %s\ndaemonize no\n' \
        "$(jq -r .port <<<"$ARGS")" "$(jq -r .bind <<<"$ARGS")" "$DATA"
    printf 'requirepass %s\n' "$(cat "$(jq -r .passwordFile <<<"$ARGS")")"
} >"$RUN_DIR/nixos.conf"
chown redis:redis "$RUN_DIR/nixos.conf"
exec setpriv --reuid=redis --regid=redis --init-groups /usr/bin/redis-server "$RUN_DIR/nixos.conf"
