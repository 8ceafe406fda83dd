#!/usr/bin/env bash
# Tears a fleet down even after a failed test: kills every process in its namespaces (sshd,
# sessions, stand-in services), deletes the namespaces and the run directory.
# Argument: {"namespaces": [...], "dir": "..."}. Missing pieces are not an error.
set -uo pipefail

ARGS=${1:?usage: net-down.sh '<json>'}
while IFS= read -r ns; do
    [ -e "/run/netns/$ns" ] || continue
    for _ in 1 2 3 4 5; do
        pids=$(ip netns pids "$ns" 2>/dev/null)
        [ -z "$pids" ] && break
        # shellcheck disable=SC2086
        kill -9 $pids 2>/dev/null
        sleep 0.1
    done
    ip netns del "$ns"
done < <(jq -r '.namespaces[]' <<<"$ARGS")
dir=$(jq -r .dir <<<"$ARGS")
case "$dir" in /tmp/nixos-matrix-fleet.*) rm -rf "$dir" ;; esac
