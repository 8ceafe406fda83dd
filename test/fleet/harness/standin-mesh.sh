#!/usr/bin/env bash
# STAND-IN for mesh.nix on fleet test hosts: brings up the bundle's WireGuard mesh
# (params.json `mesh`) the way networking.wireguard.interfaces does, with Debian's
# userspace wireguard-go (no kernel module here) and wg/ip; with no mesh in the bundle,
# removes the interface. Peers the bundle no longer lists are removed; the private key is
# re-read on every activation, as the restarted unit would after a rotation.
set -euo pipefail

BUNDLE=${1:?usage: standin-mesh.sh <bundle dir>}
PARAMS=$(find "$BUNDLE" -name params.json | head -n 1)
MESH=$(jq -c '.mesh // empty' "${PARAMS:-/dev/null}" 2>/dev/null || true)
if [ -z "$MESH" ]; then
    ip link show wg-matrix >/dev/null 2>&1 && ip link del wg-matrix
    exit 0
fi
eval "$(jq -r '@sh "IF=\(.interface) KEY=\(.privateKeyFile) PORT=\(.listenPort)"' <<<"$MESH")"

if ! ip link show "$IF" >/dev/null 2>&1; then
    WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 wireguard-go "$IF" >/dev/null 2>&1
fi
wg set "$IF" private-key "$KEY" listen-port "$PORT"
wanted=$(jq -r '.peers[].publicKey' <<<"$MESH")
for peer in $(wg show "$IF" peers); do
    grep -qxF -- "$peer" <<<"$wanted" || wg set "$IF" peer "$peer" remove
done
while IFS=$'\t' read -r peer endpoint allowed keepalive; do
    args=(peer "$peer" allowed-ips "$allowed" persistent-keepalive "$keepalive")
    [ "$endpoint" = none ] || args+=(endpoint "$endpoint")
    wg set "$IF" "${args[@]}"
done < <(jq -r '.peers[] | [.publicKey, (.endpoint // "none"), (.allowedIPs | join(",")), .persistentKeepalive] | @tsv' <<<"$MESH")
ip address flush dev "$IF"
while IFS= read -r address; do ip address add "$address" dev "$IF"; done < <(jq -r '.ips[]' <<<"$MESH")
ip link set up dev "$IF"
