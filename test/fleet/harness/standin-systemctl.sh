#!/usr/bin/env bash
# STAND-IN for systemctl on fleet test hosts: `is-active`, `is-failed`, `status`, `cat` and `restart`
# answer from the active generation's unit list (see standin-nixos-rebuild.sh) and its failed
# units; `restart`, `stop` and `start` are logged.
set -euo pipefail

GEN=/nix/var/nix/profiles/system
LOG=/var/lib/nixos-matrix-standin/log
quiet=false
args=()
for a in "$@"; do
    case "$a" in
        --quiet | -q) quiet=true ;;
        --no-pager | --lines=*) ;;
        *) args+=("$a") ;;
    esac
done
verb=${args[0]:-}
unit=${args[1]:-}
# Units the real services run (test/fleet/real) answer for themselves.
if [ -n "$unit" ] && [ -d "/run/nixos-matrix-real/$unit/config" ]; then
    exec "$(dirname "$(readlink -f "$0")")/real-services" systemctl "$verb" "$unit" "$($quiet && echo --quiet)"
fi
state() {
    if grep -qxF "$1" "$GEN/failed-units" 2>/dev/null; then echo failed
    elif grep -qxF "$1" "$GEN/units" 2>/dev/null; then echo active
    else echo inactive; fi
}
case "$verb" in
    is-active)
        s=$(state "$unit")
        $quiet || echo "$s"
        [ "$s" = active ]
        ;;
    is-failed)
        s=$(state "$unit")
        $quiet || echo "$s"
        [ "$s" = failed ]
        ;;
    status)
        echo "* $unit - stand-in unit of generation $(readlink "$GEN" || echo none)"
        echo "     Active: $(state "$unit")"
        [ "$(state "$unit")" = active ] || echo "     (stand-in: the test marked this unit failed)"
        ;;
    cat)
        grep -qxF "$unit" "$GEN/units" 2>/dev/null || { echo "No files found for $unit." >&2; exit 1; }
        echo "# stand-in unit $unit of generation $(readlink "$GEN")"
        ;;
    restart | stop | start)
        echo "$(date +%s.%N) $$ $verb $unit" >>"$LOG"
        ;;
    *)
        echo "stand-in systemctl: unsupported: $*" >&2
        exit 2
        ;;
esac
