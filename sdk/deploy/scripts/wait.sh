#!/usr/bin/env bash
# Waits, bounded, until the host has booted NixOS (every marker file exists).
set -euo pipefail

ARGS=${1:?usage: wait.sh '<json>'}
# A booted NixOS may not have jq before our first switch, but it has nix and its channel.
if ! command -v jq >/dev/null; then
    command -v nix-build >/dev/null || { echo "wait: neither jq nor nix-build here: this host does not run NixOS" >&2; exit 1; }
    PATH="$(nix-build --no-out-link '<nixpkgs>' -A jq.bin)/bin:$PATH"
fi
eval "$(jq -r '@sh "HOST=\(.host) TIMEOUT=\(.timeoutSeconds)"' <<<"$ARGS")"
mapfile -t MARKERS < <(jq -r '(.markers // ["/etc/NIXOS", "/run/current-system"])[]' <<<"$ARGS")
case "$TIMEOUT" in '' | *[!0-9]*) echo "wait[$HOST]: timeoutSeconds must be a whole number" >&2; exit 2 ;; esac

missing() {
    local marker
    for marker in "${MARKERS[@]}"; do
        [ -e "$marker" ] || { printf '%s' "$marker"; return 0; }
    done
    return 1
}

deadline=$((SECONDS + TIMEOUT))
while absent=$(missing); do
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "wait[$HOST]: $absent still missing after ${TIMEOUT}s" >&2
        exit 1
    fi
    sleep 2
done
echo "wait[$HOST]: ${MARKERS[*]} present"
