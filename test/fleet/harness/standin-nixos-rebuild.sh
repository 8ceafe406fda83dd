#!/usr/bin/env bash
# STAND-IN for nixos-rebuild on fleet test hosts (no real NixOS here). `switch` refuses a
# bundle whose .nix files do not parse, then records a numbered generation (bundle, secrets
# hash, units, time) as /nix/var/nix/profiles/system-<n>-link and "activates" it: units
# from its params.json, a stand-in homeserver. `switch --rollback` goes back one generation.
# A switch must be given the bundle's pinned nixpkgs (params.json `nixpkgs`) as
# `-I nixpkgs=<path>` and in NIX_PATH, <path> holding a source whose real NAR hash is the pin's;
# otherwise it fails, as a build against another nixpkgs would be a different system.
# The test steers it with /var/lib/nixos-matrix-standin/control.json:
#   {"failSwitch": true, "failUnits": ["x.service"], "breakHttp": true, "delaySeconds": 1}
set -euo pipefail

S=/var/lib/nixos-matrix-standin
PROFILES=/nix/var/nix/profiles
CONTROL=$S/control.json
HERE=$(dirname "$(readlink -f "$0")")
mkdir -p "$S/generations" /run/nixos-matrix-standin
control() { if [ -f "$CONTROL" ]; then jq -r "$1" "$CONTROL"; else jq -nr "$1"; fi; }
log() { echo "$(date +%s.%N) $$ $*" >>"$S/log"; }

# Two rebuilds at once would mean the deploy lock failed; the tests look for this line.
if ! mkdir "$S/busy" 2>/dev/null; then log "OVERLAP $*"; fi
trap 'rmdir "$S/busy" 2>/dev/null || true' EXIT
log "start $*"

current() { readlink "$PROFILES/system" 2>/dev/null | sed -n 's/^system-\([0-9]*\)-link$/\1/p'; }

# Like NixOS activation: create the users and groups the configuration declares (here: the
# owners of its secret files), then hand each secret file to its owner (secret-ownership.nix).
settle_secrets() {
    local params path owner group mode
    params=$(find "$1/bundle" -name params.json | head -n 1)
    [ -n "$params" ] || return 0
    while IFS=$'\t' read -r path owner group mode; do
        for g in "$owner" "$group"; do
            getent group "$g" >/dev/null || echo "$g:x:$((800 + $(wc -l </etc/group))):" >>/etc/group
        done
        id -u "$owner" >/dev/null 2>&1 ||
            echo "$owner:x:$((800 + $(wc -l </etc/passwd))):$(getent group "$owner" | cut -d: -f3)::/var/empty:/usr/sbin/nologin" >>/etc/passwd
        if [ -f "$path" ] && [ ! -L "$path" ]; then
            chown "$owner:$group" "$path"
            chmod "$mode" "$path"
        fi
    done < <(jq -r '.secretFiles // [] | .[] | [.path, .owner, .group, .mode] | @tsv' "$params")
}

activate() {
    local n=$1 gen=$S/generations/$1
    settle_secrets "$gen"
    ln -sfn "system-$n-link" "$PROFILES/.system.tmp"
    mv -T "$PROFILES/.system.tmp" "$PROFILES/system"
    if [ -f /run/nixos-matrix-standin/serve.pid ]; then
        pid=$(cat /run/nixos-matrix-standin/serve.pid)
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 40); do
            [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null || echo Z)" = Z ] && break
            sleep 0.05
        done
        rm -f /run/nixos-matrix-standin/serve.pid
    fi
    # Real services (test/fleet/real), where a test installed them, run what they can of this
    # generation; a unit of theirs that fails fails the switch, as with switch-to-configuration.
    # The mesh first, as services that reach other hosts start after it.
    bash "$HERE/standin-mesh.sh" "$gen/bundle" >&2 || { log "mesh failed"; exit 4; }
    bash "$HERE/standin-private-proxy.sh" "$gen/bundle" >&2 || { log "private socket failed"; exit 4; }
    local real=0
    if [ -x "$HERE/real-services" ]; then "$HERE/real-services" activate "$gen" >&2 || real=4; fi
    if [ -s "$gen/ports" ]; then
        setsid /usr/bin/python3 "$HERE/standin-host.py" serve "$gen" </dev/null >>"$S/serve.log" 2>&1 &
        echo $! >/run/nixos-matrix-standin/serve.pid
    fi
    log "activated $n"
    [ "$real" -eq 0 ] || exit "$real"
}

# The nixpkgs this build was given, checked against the bundle's pin; prints "<sha256> <path>".
pinned_nixpkgs() {
    local given="" params want got
    while [ $# -gt 0 ]; do
        if [ "$1" = -I ] && [[ "${2:-}" == nixpkgs=* ]]; then given=${2#nixpkgs=}; shift; fi
        shift
    done
    params=$(find -L /etc/nixos/nixos-matrix -name params.json 2>/dev/null | head -n 1)
    want=$(jq -r '.nixpkgs.sha256 // empty' "${params:-/dev/null}" 2>/dev/null || true)
    [ -n "$given" ] || { echo "error: no -I nixpkgs=... given; the host's channel would decide the system" >&2; return 1; }
    [[ ":${NIX_PATH:-}:" == *":nixpkgs=$given:"* ]] || { echo "error: NIX_PATH (${NIX_PATH:-}) does not name nixpkgs=$given" >&2; return 1; }
    got=$(nix-hash --type sha256 --base32 "$(readlink -f "$given")" 2>/dev/null || echo none)
    [ "$got" = "$want" ] || { echo "error: nixpkgs $given has hash $got, not the pinned ${want:-<none>}" >&2; return 1; }
    echo "$got $given"
}

mode=${1:-}
[ "$mode" != switch ] || [ "${2:-}" != --rollback ] || mode="switch --rollback"
case "$mode" in
    switch)
        if ! nixpkgs=$(pinned_nixpkgs "$@"); then
            log "refused: not the pinned nixpkgs ($*)"
            exit 1
        fi
        log "nixpkgs $nixpkgs"
        sleep "$(control '.delaySeconds // 0')"
        files=(/etc/nixos/configuration.nix)
        if [ -e /etc/nixos/nixos-matrix ]; then
            mapfile -t -O 1 files < <(find -L /etc/nixos/nixos-matrix -name '*.nix' | sort)
        fi
        if ! err=$(nix-instantiate --parse "${files[@]}" 2>&1 >/dev/null); then
            echo "error: the configuration does not parse: $err" >&2
            log "refused: $err"
            exit 1
        fi
        if [ "$(control '.failSwitch // false')" = true ]; then
            echo "error: the stand-in was told to fail this switch" >&2
            log "failed as told"
            exit 1
        fi
        n=$(find "$S/generations" -mindepth 1 -maxdepth 1 | wc -l)
        n=$((n + 1))
        gen=$S/generations/$n
        mkdir -p "$gen"
        cp -rL /etc/nixos/nixos-matrix "$gen/bundle" 2>/dev/null || mkdir -p "$gen/bundle"
        basename "$(dirname "$(readlink /etc/nixos/nixos-matrix || echo none/none)")" >"$gen/bundle-hash"
        cat /var/lib/nixos-matrix/secrets.hash >"$gen/secrets-hash" 2>/dev/null || echo none >"$gen/secrets-hash"
        date +%s.%N >"$gen/time"
        echo "$nixpkgs" >"$gen/nixpkgs"
        params=$(find "$gen/bundle" -name params.json | head -n 1)
        /usr/bin/python3 "$HERE/standin-host.py" units "${params:-/dev/null}" >"$gen/units"
        /usr/bin/python3 "$HERE/standin-host.py" ports "${params:-/dev/null}" >"$gen/ports"
        control '.failUnits // [] | .[]' >"$gen/failed-units"
        control '.breakHttp // false' >"$gen/http-broken"
        ln -sfn "$gen" "$PROFILES/system-$n-link"
        activate "$n"
        echo "stand-in: switched to generation $n"
        ;;
    "switch --rollback")
        cur=$(current)
        prev=$(find "$PROFILES" -maxdepth 1 -name 'system-*-link' | sed 's/.*system-\([0-9]*\)-link/\1/' |
            sort -n | awk -v c="${cur:-0}" '$1 < c' | tail -n 1)
        [ -n "$prev" ] || { echo "error: no generation before ${cur:-none}" >&2; exit 1; }
        activate "$prev"
        echo "stand-in: rolled back to generation $prev"
        ;;
    *)
        echo "stand-in nixos-rebuild: only 'switch' and 'switch --rollback' are supported" >&2
        exit 2
        ;;
esac
