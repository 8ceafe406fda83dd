#!/usr/bin/env bash
# Makes the host's WireGuard private key on the host (root-only, outside the Nix store) and
# prints only its public key. `fresh: true` (the step's create: a first deploy, or
# `pulumi up --replace` of the step to rotate) makes a new key; otherwise a present key is
# kept and only an absent one is made, so a re-run changes nothing.
set -euo pipefail

ARGS=${1:?usage: mesh-key.sh '<json>'}
command -v jq >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A jq.bin)/bin:$PATH"
command -v wg >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A wireguard-tools)/bin:$PATH"
eval "$(jq -r '@sh "HOST=\(.host) KEY=\(.privateKeyFile) FRESH=\(.fresh)"' <<<"$ARGS")"
fail() { echo "mesh-key[$HOST]: $*" >&2; exit 1; }
case "$KEY" in /*) ;; *) fail "privateKeyFile must be an absolute path, not '$KEY'" ;; esac

umask 077
install -d -m 0700 "$(dirname "$KEY")"
if [ "$FRESH" = true ] || [ ! -s "$KEY" ]; then
    tmp=$(mktemp "$KEY.XXXXXX")
    wg genkey >"$tmp"
    chmod 0400 "$tmp"
    mv -f "$tmp" "$KEY"
    echo "mesh-key[$HOST]: made a new key at $KEY" >&2
fi
chown root:root "$KEY"
chmod 0400 "$KEY"
wg pubkey <"$KEY" || fail "$KEY does not hold a WireGuard private key"
