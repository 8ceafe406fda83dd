#!/usr/bin/env bash
# Creates one fleet host: its root directory, users, host key, sshd config and stand-ins,
# then its namespaces and sshd. Argument: {"ns", "root", "address", "clientKey", "users"}.
set -euo pipefail

ARGS=${1:?usage: host-up.sh '<json>'}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NS=$(jq -r .ns <<<"$ARGS")
ROOT=$(jq -r .root <<<"$ARGS")
ADDRESS=$(jq -r .address <<<"$ARGS")
CLIENT_KEY=$(jq -r .clientKey <<<"$ARGS")

mkdir -p "$ROOT"/{etc/nixos,.etc-work,var/lib,run,nix-var/nix/profiles,bin,root/.ssh}
cp /etc/passwd "$ROOT/etc/passwd"
cp /etc/group "$ROOT/etc/group"
uid=900
while IFS= read -r user; do
    echo "$user:x:$uid:$uid::/var/empty:/usr/sbin/nologin" >>"$ROOT/etc/passwd"
    echo "$user:x:$uid:" >>"$ROOT/etc/group"
    uid=$((uid + 1))
done < <(jq -r '.users[]' <<<"$ARGS")
touch "$ROOT/etc/NIXOS"
# Booted NixOS has /run/current-system; the wait step needs both.
mkdir -p "$ROOT/run/current-system"
# Installed on 25.11, as every host before the pin: the release the pin step reads before a first record.
echo "25.11.20251130.0000000 (Xantusia)" >"$ROOT/run/current-system/nixos-version"
# The installer's own generation, as nixos-infect leaves it: what a failed first deploy rolls back to.
GEN=$ROOT/var/lib/nixos-matrix-standin/generations/1
mkdir -p "$GEN/bundle"
echo installer >"$GEN/bundle-hash"
echo none >"$GEN/secrets-hash"
date +%s.%N >"$GEN/time"
echo sshd.service >"$GEN/units"
: >"$GEN/ports"
: >"$GEN/failed-units"
echo false >"$GEN/http-broken"
ln -s /var/lib/nixos-matrix-standin/generations/1 "$ROOT/nix-var/nix/profiles/system-1-link"
ln -s system-1-link "$ROOT/nix-var/nix/profiles/system"
echo '# left by the installer; deploys must never touch it' >"$ROOT/etc/nixos/hardware-configuration.nix"
echo '# left by the installer; deploys must never touch it' >"$ROOT/etc/nixos/networking.nix"
echo '{ ... }: { imports = [ ./hardware-configuration.nix ./networking.nix ]; }' >"$ROOT/etc/nixos/configuration.nix"

install -m 0755 "$HERE/standin-nixos-rebuild.sh" "$ROOT/bin/nixos-rebuild"
install -m 0755 "$HERE/standin-systemctl.sh" "$ROOT/bin/systemctl"
install -m 0755 "$HERE/standin-journalctl.sh" "$ROOT/bin/journalctl"
install -m 0755 "$HERE/standin-nix-prefetch-url.sh" "$ROOT/bin/nix-prefetch-url"
install -m 0755 "$HERE/standin-host.py" "$ROOT/bin/standin-host.py"
install -m 0644 "$HERE/json_http.py" "$ROOT/bin/json_http.py"
install -m 0755 "$HERE/standin-mesh.sh" "$ROOT/bin/standin-mesh.sh"
install -m 0755 "$HERE/standin-private-proxy.sh" "$ROOT/bin/standin-private-proxy.sh"
ssh-keygen -q -t ed25519 -N '' -C "$NS" -f "$ROOT/ssh_host_ed25519_key"
install -m 0600 "$CLIENT_KEY.pub" "$ROOT/root/.ssh/authorized_keys"
cat >"$ROOT/sshd_config" <<CONF
ListenAddress $ADDRESS:22
HostKey $ROOT/ssh_host_ed25519_key
AuthorizedKeysFile .ssh/authorized_keys
PidFile $ROOT/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 100
MaxSessions 100
LogLevel ERROR
Subsystem sftp /usr/lib/openssh/sftp-server
CONF

ip netns exec "$NS" unshare -m --propagation private bash "$HERE/host-init.sh" "$ROOT"
for _ in $(seq 100); do
    ip netns exec "$NS" bash -c "exec 3<>/dev/tcp/$ADDRESS/22" 2>/dev/null && exit 0
    sleep 0.05
done
echo "host-up: sshd of $NS did not listen on $ADDRESS:22; log:" >&2
cat "$ROOT/sshd.log" >&2 || true
exit 1
