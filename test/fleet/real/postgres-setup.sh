#!/usr/bin/env bash
# PostgreSQL on a fleet test host as the NixOS module sets it up, with Debian's 15:
#   init   the cluster in dataDir (initdb with the module's initdbArgs, its pg_hba: local peer)
#   ensure ensureDatabases and ensureUsers (with ensureDBOwnership), as the unit's postStart
#   password  a role's password from a root-only file, on psql's stdin (redis.nix's db-password unit)
# Argument: {"phase", "dataDir", "initdbArgs": [...], "ensureDatabases": [...], "ensureUsers": [...],
#            "authentication" (lines the module appends to pg_hba.conf)} or {"phase", "user", "passwordFile"}.
set -euo pipefail

ARGS=${1:?usage: postgres-setup.sh '<json>'}
BIN=/usr/lib/postgresql/15/bin
DATA=$(jq -r .dataDir <<<"$ARGS")
as_postgres() { runuser -u postgres -- "$@"; }
psql_c() { as_postgres "$BIN/psql" -h /run/postgresql -d postgres -tAc "$1"; }

case "$(jq -r .phase <<<"$ARGS")" in
    init)
        install -d -o postgres -g postgres -m 0700 "$DATA"
        install -d -o postgres -g postgres -m 0755 /run/postgresql
        if [ ! -e "$DATA/PG_VERSION" ]; then
            mapfile -t initdb_args < <(jq -r '.initdbArgs[]' <<<"$ARGS")
            as_postgres "$BIN/initdb" -U postgres "${initdb_args[@]}" -D "$DATA" >/dev/null
        fi
        # The module's pg_hba.conf: local connections by peer authentication, loopback by password.
        cat >"$DATA/pg_hba.conf" <<'HBA'
local all all peer
host all all 127.0.0.1/32 md5
host all all ::1/128 md5
HBA
        jq -r '.authentication // ""' <<<"$ARGS" >>"$DATA/pg_hba.conf"
        chown postgres:postgres "$DATA/pg_hba.conf"
        ;;
    ensure)
        while IFS= read -r db; do
            [ "$(psql_c "SELECT 1 FROM pg_database WHERE datname = '$db'")" = 1 ] || psql_c "CREATE DATABASE \"$db\""
        done < <(jq -r '.ensureDatabases[]' <<<"$ARGS")
        while IFS=$'\t' read -r user owns; do
            [ "$(psql_c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" = 1 ] || psql_c "CREATE USER \"$user\""
            [ "$owns" != true ] || psql_c "ALTER DATABASE \"$user\" OWNER TO \"$user\""
        done < <(jq -r '.ensureUsers[] | [.name, (.ensureDBOwnership // false | tostring)] | @tsv' <<<"$ARGS")
        ;;
    password)
        printf "ALTER ROLE \"%s\" WITH LOGIN PASSWORD '%s';\n" "$(jq -r .user <<<"$ARGS")" "$(cat "$(jq -r .passwordFile <<<"$ARGS")")" |
            as_postgres "$BIN/psql" -h /run/postgresql -d postgres --quiet --no-psqlrc --set ON_ERROR_STOP=1
        ;;
    *)
        echo "postgres-setup: unknown phase" >&2
        exit 2
        ;;
esac
