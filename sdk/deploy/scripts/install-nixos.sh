#!/bin/sh
# Run once by cloud-init on a fresh Debian VM: fetch nixos-infect, check its sha256, run it on
# the pinned channel. Parameters arrive as environment variables (NIXOS_INFECT_URL,
# NIXOS_INFECT_SHA256, NIX_CHANNEL), so nothing is interpolated into shell text. Exits non-zero
# and leaves Debian running on a bad hash; the log stays in /root/install-nixos.log.
set -eu
exec >>/root/install-nixos.log 2>&1
script="$(mktemp /root/nixos-infect.XXXXXX)"
curl --fail --silent --show-error --location --retry 5 --output "$script" "$NIXOS_INFECT_URL"
printf "%s  %s\n" "$NIXOS_INFECT_SHA256" "$script" | sha256sum --check --strict -
PROVIDER=hetznercloud NIX_CHANNEL="$NIX_CHANNEL" bash "$script"
