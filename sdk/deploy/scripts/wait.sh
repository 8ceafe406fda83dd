#!/usr/bin/env bash
# Waits, bounded, until the host runs NixOS (its marker file exists).
set -euo pipefail

ARGS=${1:?usage: wait.sh '<json>'}
# Right after nixos-infect the host may have nix but not jq yet.
command -v jq >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A jq.bin)/bin:$PATH"
eval "$(jq -r '@sh "HOST=\(.host) MARKER=\(.marker // "/etc/NIXOS") TIMEOUT=\(.timeoutSeconds)"' <<<"$ARGS")"
case "$TIMEOUT" in '' | *[!0-9]*) echo "wait[$HOST]: timeoutSeconds must be a whole number" >&2; exit 2 ;; esac

deadline=$((SECONDS + TIMEOUT))
until [ -e "$MARKER" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "wait[$HOST]: $MARKER still missing after ${TIMEOUT}s" >&2
        exit 1
    fi
    sleep 2
done
echo "wait[$HOST]: $MARKER present"
