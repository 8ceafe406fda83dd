#!/usr/bin/env bash
# STAND-IN for homeserver-private-proxy.nix on fleet test hosts: runs the bundle's private
# socket (params.json `homeserverPrivateProxy`) as its socket unit would, with Debian's real
# systemd-socket-proxyd handed the listening socket by systemd-socket-activate; stops the one
# an earlier generation ran. The unit's FreeBind (the socket binds an address the host does not
# have yet) is the host's non-local bind here: systemd-socket-activate has no such option.
set -euo pipefail

BUNDLE=${1:?usage: standin-private-proxy.sh <bundle dir>}
PIDFILE=/run/nixos-matrix-standin/private-proxy.pid
PARAMS=$(find "$BUNDLE" -name params.json | head -n 1)
PROXY=$(jq -c '.homeserverPrivateProxy // empty' "${PARAMS:-/dev/null}" 2>/dev/null || true)

if [ -f "$PIDFILE" ]; then
    kill -- "-$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
fi
[ -n "$PROXY" ] || exit 0
eval "$(jq -r '@sh "LISTEN=\(.listen) UPSTREAM=\(.upstream)"' <<<"$PROXY")"
mkdir -p /run/nixos-matrix-standin
sysctl -qw net.ipv4.ip_nonlocal_bind=1 net.ipv6.ip_nonlocal_bind=1
setsid systemd-socket-activate -l "$LISTEN" /lib/systemd/systemd-socket-proxyd "$UPSTREAM" \
    </dev/null >>/var/lib/nixos-matrix-standin/private-proxy.log 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 100); do
    ss -Hltn "sport = :${LISTEN##*:}" | grep -qF "$LISTEN" && exit 0
    sleep 0.05
done
echo "the private socket did not listen on $LISTEN" >&2
exit 1
