#!/usr/bin/env bash
# Builds (once) a Debian sid root holding Synapse and what the fleet's real services need, and
# prints its path. The root is cached outside the repository, keyed on the package list.
# Input: one JSON argument {"cacheDir": "...", "packages": ["matrix-synapse", ...]}.
set -euo pipefail

fail() { echo "sid root: $1" >&2; exit 1; }

[ "$#" -eq 1 ] || fail "expected one JSON argument"
cache_dir=$(jq -er '.cacheDir' <<<"$1") || fail "argument: cacheDir missing"
packages=$(jq -er '.packages | join(",")' <<<"$1") || fail "argument: packages missing"

key=$(printf '%s' "$packages" | sha256sum | cut -c1-16)
root="$cache_dir/sid-$key"
if [ -f "$root/.complete" ]; then
    echo "$root"
    exit 0
fi

command -v mmdebstrap >/dev/null || fail "step 'find mmdebstrap': not installed (apt-get install mmdebstrap)"

# The Debian mirror this machine is configured with: first deb822 URI or one-line entry whose
# suite is not a security suite.
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
    [ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | awk '$1 == "deb" && $2 !~ /^\[/ && $2 !~ /security/ { print $2; exit }
               $1 == "deb" && $2 ~ /^\[/ && $3 !~ /security/ { print $3; exit }')
fi
[ -n "$mirror" ] || fail "step 'find the Debian mirror': no deb entry in /etc/apt/sources.list*"

mkdir -p "$cache_dir"
exec 9>"$cache_dir/.build.lock"
flock 9
if [ -f "$root/.complete" ]; then
    echo "$root"
    exit 0
fi

work="$root.partial"
rm -rf "$work"
log="$cache_dir/sid-$key.log"
echo "sid root: building $root with $packages from $mirror (log: $log)" >&2
if ! mmdebstrap --variant=apt --mode=root \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --include="$packages" \
    sid "$work" "$mirror" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -rf "$work"
    fail "step 'mmdebstrap sid with $packages' failed; full log in $log"
fi
touch "$work/.complete"
rm -rf "$root"
mv "$work" "$root"
echo "$root"
