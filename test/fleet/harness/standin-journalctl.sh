#!/usr/bin/env bash
# STAND-IN for journalctl on fleet test hosts (no systemd runs there): `journalctl -u <unit>`,
# with `-o cat`, `--no-pager` and `-n <lines>`, prints what the host's stand-in services logged
# for that unit in /var/lib/nixos-matrix-standin/journal/<unit>, as `-o cat` shows messages.
set -euo pipefail

unit="" lines=""
while [ $# -gt 0 ]; do
    case "$1" in
        -u) unit=$2; shift 2 ;;
        -n) lines=$2; shift 2 ;;
        -o) shift 2 ;;
        --no-pager) shift ;;
        *) echo "journalctl stand-in: unsupported argument $1" >&2; exit 1 ;;
    esac
done
[ -n "$unit" ] || { echo "journalctl stand-in: needs -u <unit>" >&2; exit 1; }
file=/var/lib/nixos-matrix-standin/journal/$unit
[ -f "$file" ] || { echo "-- No entries --"; exit 0; }
if [ -n "$lines" ]; then tail -n "$lines" "$file"; else cat "$file"; fi
