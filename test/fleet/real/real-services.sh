#!/usr/bin/env bash
# REAL services of a fleet test host, installed beside the stand-ins as real-services (with
# real-services.json: {"sidRoot", "realDir", "evalHarness", "optionsJson", "projectOptionsJson"}). The stand-in
# nixos-rebuild calls `activate` for each generation it activates; the stand-in systemctl
# hands it the units it runs.
#   activate <generation>    evaluate the generation's bundle and run what it enables, as
#                            its units would: postgresql.service (Debian's 15),
#                            matrix-synapse.service (sid root), coturn.service (Debian's).
#                            A unit that does not come up fails the activation, as
#                            switch-to-configuration does, with its status.
#   systemctl <verb> <unit> [--quiet]   is-active, status, restart, stop, start
set -euo pipefail

HERE=$(dirname "$(readlink -f "$0")")
CONF=$HERE/real-services.json
REAL=$(jq -r .realDir "$CONF")
RUN=/run/nixos-matrix-real

# The units worker-units.py made for a generation (or that run now): `names <dir> <prefix>...`.
names() {
    local dir=$1 prefix path
    shift
    for prefix in "$@"; do
        for path in "$dir/$prefix"*; do [ -d "$path" ] && basename "$path"; done
    done
    return 0
}
unit_pid() {
    local pid
    pid=$(cat "$RUN/$1/pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && [ -d "/proc/$pid" ] && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] && echo "$pid"
}
unit_state() {
    if unit_pid "$1" >/dev/null; then echo active
    elif [ -f "$RUN/$1/pid" ]; then echo failed
    else echo inactive; fi
}
# Stops the unit like systemd's KillMode=mixed: its KillSignal (config/kill-signal, default
# TERM) to the main process, then after 10 s SIGKILL to its whole process group.
stop_unit() {
    local pid
    pid=$(unit_pid "$1") || { rm -f "$RUN/$1/pid"; return 0; }
    kill -s "$(cat "$RUN/$1/config/kill-signal" 2>/dev/null || echo TERM)" "$pid"
    for _ in $(seq 100); do unit_pid "$1" >/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null || true
    rm -f "$RUN/$1/pid"
}
# Is the unit up? Its probe (config/probe.json): {"http": url}, {"socket": path}, {"tcp": port} or {"udp": port}.
unit_ready() {
    local probe=$RUN/$1/config/probe.json
    if [ "$(jq -r '.http // empty' "$probe")" != "" ]; then curl -sf --max-time 2 "$(jq -r .http "$probe")" >/dev/null
    elif [ "$(jq -r '.socket // empty' "$probe")" != "" ]; then [ -S "$(jq -r .socket "$probe")" ]
    elif [ "$(jq -r '.tcp // empty' "$probe")" != "" ]; then ss -Hltn "sport = :$(jq -r .tcp "$probe")" | grep -q .
    else ss -Hlun "sport = :$(jq -r .udp "$probe")" | grep -q .; fi
}
# Starts the unit from its config/argv.json (as systemd would, in its own session, log to the unit's
# "journal") and waits, like a Type=notify unit, until it is up or has died.
start_unit() {
    local unit=$1 pid
    echo "-- start $(date -u +%FT%TZ)" >>"$RUN/$unit/log"
    mapfile -t argv < <(jq -r '.[]' "$RUN/$unit/config/argv.json")
    setsid "${argv[@]}" </dev/null >>"$RUN/$unit/log" 2>&1 &
    echo $! >"$RUN/$unit/pid"
    for _ in $(seq 1200); do
        unit_ready "$unit" && return 0
        unit_pid "$unit" >/dev/null || return 1
        sleep 0.1
    done
    return 1
}
status() {
    echo "* $1 - real service of this fleet host"
    echo "     Active: $(unit_state "$1")"
    tail -n "${2:-20}" "$RUN/$1/log" 2>/dev/null || true
}
failed() {
    echo "warning: the following units failed: $1"
    echo
    status "$1"
    return 1
}

# (Re)starts `unit` when what it would run (argv.json and its config dir) changed or it is down.
converge() {
    local unit=$1 next=$2 hash
    hash=$(cat "$next"/* | sha256sum | cut -c1-16)
    if [ "$(cat "$RUN/$unit/hash" 2>/dev/null || true)" = "$hash" ] && unit_pid "$unit" >/dev/null; then
        return 0
    fi
    stop_unit "$unit"
    rm -rf "$RUN/$unit/config"
    mv "$next" "$RUN/$unit/config"
    echo "$hash" >"$RUN/$unit/hash"
    if declare -F "pre_$unit" >/dev/null; then "pre_$unit" 2>>"$RUN/$unit/log" || failed "$unit" || return 1; fi
    start_unit "$unit" || failed "$unit"
}

pre_postgresql.service() {
    jq '{phase: "init", dataDir, initdbArgs, ensureDatabases, ensureUsers, authentication}' "$RUN/postgresql.service/config/setup.json" |
        xargs -0 bash "$REAL/postgres-setup.sh"
}
pre_matrix-synapse.service() {
    local data
    data=$(jq -r .dataDir "$RUN/matrix-synapse.service/config/unit.json")
    install -d -o matrix-synapse -g matrix-synapse -m 0700 "$data"
}
pre_coturn.service() {
    local secret
    install -d -o turnserver -g turnserver -m 0750 /run/coturn /run/turnserver
    secret=$(jq -r '.secretFile // empty' "$RUN/coturn.service/config/unit.json")
    install -o turnserver -g turnserver -m 0640 "$RUN/coturn.service/config/turnserver.conf" /run/coturn/turnserver.cfg
    # The module's preStart runs as turnserver: the secret file must be readable by it.
    [ -z "$secret" ] || runuser -u turnserver -- cat "$secret" | python3 -c '
import sys; p = "/run/coturn/turnserver.cfg"; s = sys.stdin.read().strip(); text = open(p).read()
open(p, "w").write(text.replace("#static-auth-secret#", s))'
}

activate() {
    local gen=$1 tmp eval_json
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' RETURN
    mkdir -p "$RUN"
    # The installer's generation has no bundle: nothing of ours runs there.
    if [ ! -f "$gen/bundle/default.nix" ]; then
        for unit in $(names "$RUN" redis- matrix-synapse-worker-) matrix-synapse.service coturn.service postgresql.service; do stop_unit "$unit"; done
        return 0
    fi
    cp -r "$gen/bundle" "$tmp/nixos-matrix"
    cp "$REAL/eval-root.nix" "$tmp/configuration.nix"
    eval_json=$tmp/eval.json
    nix-instantiate --eval --strict --json "$(jq -r .evalHarness "$CONF")" \
        --argstr bundleDir "$tmp" --argstr optionsFile "$(jq -r .optionsJson "$CONF")" \
        --argstr projectOptionsFile "$(jq -r .projectOptionsJson "$CONF")" >"$eval_json"
    local options ok=0
    options=$(jq -r .optionsJson "$CONF")
    enabled() { [ "$(jq -r ".config.services.\"$1\".enable // false" "$eval_json")" = true ]; }

    if enabled postgresql; then
        mkdir -p "$RUN/postgresql.service/next"
        jq '.config.services.postgresql | {dataDir: (.dataDir // "/var/lib/postgresql/15"), initdbArgs: (.initdbArgs // []),
            ensureDatabases: (.ensureDatabases // []), ensureUsers: (.ensureUsers // []),
            listenAddresses: (.settings.listen_addresses // "localhost"), authentication: (.authentication // "")}' "$eval_json" \
            >"$RUN/postgresql.service/next/setup.json"
        jq -n --slurpfile s "$RUN/postgresql.service/next/setup.json" '["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
            "/usr/lib/postgresql/15/bin/postgres", "-D", $s[0].dataDir, "-c", "listen_addresses=\($s[0].listenAddresses)",
            "-c", "unix_socket_directories=/run/postgresql", "-c", "log_line_prefix=[%p] "]' \
            >"$RUN/postgresql.service/next/argv.json"
        echo '{"socket": "/run/postgresql/.s.PGSQL.5432"}' >"$RUN/postgresql.service/next/probe.json"
        # The module's unit stops PostgreSQL with SIGINT: a fast shutdown, not waiting for clients.
        echo INT >"$RUN/postgresql.service/next/kill-signal"
        converge postgresql.service "$RUN/postgresql.service/next" || ok=1
        jq '. + {phase: "ensure"}' "$RUN/postgresql.service/config/setup.json" |
            xargs -0 bash "$REAL/postgres-setup.sh" >>"$RUN/postgresql.service/log" 2>&1 || { failed postgresql.service; ok=1; }
        # nixos-matrix-synapse-db-password.service (redis.nix): the role's password, for workers on other hosts.
        jq '.synapseWorkers.databaseAccess // empty | {phase: "password", user, passwordFile}' "$gen/bundle/params.json" |
            xargs -0 -r bash "$REAL/postgres-setup.sh" >>"$RUN/postgresql.service/log" 2>&1 || { failed postgresql.service; ok=1; }
    else
        stop_unit postgresql.service
    fi

    # Redis first: every Synapse process subscribes to it as it starts.
    local synapse_config=$tmp/synapse-config
    if enabled matrix-synapse; then
        python3 "$REAL/synapse-config.py" "$(jq -nc --arg e "$eval_json" --arg o "$options" --arg out "$synapse_config" \
            '{evaluated: $e, options: $o, out: $out}')"
    fi
    python3 "$REAL/worker-units.py" "$(jq -nc --arg e "$eval_json" --arg s "$synapse_config" --arg r "$REAL" --arg run "$RUN" \
        --arg sid "$(jq -r .sidRoot "$CONF")" --arg out "$tmp/units" '{evaluated: $e, synapseConfig: $s, realDir: $r,
        sidRoot: $sid, runDir: $run, out: $out}')"
    local unit wanted
    wanted=$(names "$tmp/units" redis- matrix-synapse-worker-)
    for unit in $(names "$tmp/units" redis-); do
        mkdir -p "$RUN/$unit"
        converge "$unit" "$tmp/units/$unit" || ok=1
    done

    # A worker host enables Synapse's settings but not its main unit.
    if enabled matrix-synapse && [ "$(jq -r '.config.systemd.services."matrix-synapse".enable != false' "$eval_json")" = true ]; then
        local next=$RUN/matrix-synapse.service/next
        rm -rf "$next"
        mkdir -p "$RUN/matrix-synapse.service"
        cp -r "$synapse_config" "$next"
        # The config paths name the unit's config dir, where `converge` moves this one.
        sed -i "s#$synapse_config#$RUN/matrix-synapse.service/config#g" "$next"/*
        jq --arg sid "$(jq -r .sidRoot "$CONF")" --arg real "$REAL" '["unshare", "-m", "--propagation", "private", "bash",
            "\($real)/synapse-run.sh", ({sidRoot: $sid, user: "matrix-synapse", dataDir, argv, pythonPath: "\($real)/txredisapi"} | tojson)]' \
            "$next/unit.json" >"$next/argv.json"
        jq '{http: "http://127.0.0.1:\(.ports[0])/health"}' "$next/unit.json" >"$next/probe.json"
        converge matrix-synapse.service "$next" || ok=1
        # Synapse serves its own ports now: the stand-in homeserver keeps only the others.
        grep -vxF -f <(jq -r '.ports[]' "$RUN/matrix-synapse.service/config/unit.json") "$gen/ports" >"$tmp/ports" || true
        cp "$tmp/ports" "$gen/ports"
    else
        stop_unit matrix-synapse.service
    fi
    if [ -f "$synapse_config/unit.json" ]; then
        install -d -o matrix-synapse -g matrix-synapse -m 0700 "$(jq -r .dataDir "$synapse_config/unit.json")"
    fi
    for unit in $(names "$tmp/units" matrix-synapse-worker-); do
        mkdir -p "$RUN/$unit"
        converge "$unit" "$tmp/units/$unit" || ok=1
    done
    # Units of an earlier generation this one no longer has.
    for unit in $(names "$RUN" redis- matrix-synapse-worker-); do
        grep -qxF "$unit" <<<"$wanted" || { stop_unit "$unit"; rm -rf "${RUN:?}/$unit"; }
    done
    # Redis and the workers serve their own ports now: the stand-in keeps only the others.
    for unit in $wanted; do
        jq -r '.tcp // (.http | capture(":(?<p>[0-9]+)/").p)' "$RUN/$unit/config/probe.json"
    done | { grep -vxF -f - "$gen/ports" || true; } >"$tmp/ports"
    cp "$tmp/ports" "$gen/ports"

    if enabled coturn; then
        local next=$RUN/coturn.service/next
        python3 "$REAL/coturn-config.py" "$(jq -nc --arg e "$eval_json" --arg o "$options" --arg out "$next" \
            '{evaluated: $e, options: $o, out: $out}')"
        jq -n '["setpriv", "--reuid=turnserver", "--regid=turnserver", "--init-groups", "/usr/bin/turnserver", "-c", "/run/coturn/turnserver.cfg",
            "--log-file", "stdout", "--simple-log"]' >"$next/argv.json"
        jq '{udp: .ports[0]}' "$next/unit.json" >"$next/probe.json"
        converge coturn.service "$next" || ok=1
    else
        stop_unit coturn.service
    fi
    return "$ok"
}

case "${1:-}" in
    activate) activate "${2:?generation}" ;;
    systemctl)
        unit=${3:?unit}
        case "$2" in
            is-active)
                s=$(unit_state "$unit")
                [ "${4:-}" = --quiet ] || echo "$s"
                [ "$s" = active ]
                ;;
            status) status "$unit" ;;
            restart) stop_unit "$unit" && { start_unit "$unit" || failed "$unit"; } ;;
            stop) stop_unit "$unit" ;;
            start) unit_pid "$unit" >/dev/null || start_unit "$unit" || failed "$unit" ;;
            *) echo "real-services: unsupported systemctl $2" >&2; exit 2 ;;
        esac
        ;;
    *) echo "usage: real-services activate <generation> | systemctl <verb> <unit>" >&2; exit 2 ;;
esac
