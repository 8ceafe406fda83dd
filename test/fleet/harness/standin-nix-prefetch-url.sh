#!/usr/bin/env bash
# STAND-IN for nix-prefetch-url on fleet test hosts (no Nix store here). Supports what pin.sh
# runs: `--unpack --print-path --name <name> <url> <sha256>`. Copies a file:// tarball (the
# fleet has no network), unpacks it like Nix (a single top-level directory is the source),
# checks the real NAR hash with nix-hash and "adds" it to a per-host store under /nix/var.
# Every call is logged, so tests can tell a fetch happened once.
set -euo pipefail

STORE=/nix/var/standin-store
S=/var/lib/nixos-matrix-standin
name=source
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --unpack | --print-path) shift ;;
        --name) name=$2; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
[ "${#args[@]}" -eq 2 ] || { echo "stand-in nix-prefetch-url: need <url> <sha256>" >&2; exit 2; }
url=${args[0]} want=${args[1]}
mkdir -p "$STORE" "$S"
echo "$(date +%s.%N) fetch $url" >>"$S/fetches"
case "$url" in
    file://*) file=${url#file://} ;;
    *) echo "error: unable to download '$url': the fleet has no network" >&2; exit 1 ;;
esac
tmp=$(mktemp -d "$STORE/.unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xf "$file" -C "$tmp"
mapfile -t top < <(find "$tmp" -mindepth 1 -maxdepth 1)
src=$tmp
[ "${#top[@]}" -ne 1 ] || [ ! -d "${top[0]}" ] || src=${top[0]}
got=$(nix-hash --type sha256 --base32 "$src" 2>/dev/null)
if [ "$got" != "$want" ]; then
    echo "error: hash mismatch in file downloaded from '$url': specified: sha256:$want got: sha256:$got" >&2
    exit 1
fi
dest=$STORE/$got-$name
[ -e "$dest" ] || mv -T "$src" "$dest"
echo "$got"
echo "$dest"
