#!/usr/bin/env bash
# Stages a bundle from stdin ({"files": {"<rel path>": "<base64>"}, "sha256": {"<rel path>": "<hex>"}})
# under <stateDir>/bundles/<hash>, then points /etc/nixos at it. Leaves every other file in
# /etc/nixos (hardware-configuration.nix, networking.nix) alone.
set -euo pipefail

ARGS=${1:?usage: upload.sh '<json>'}
command -v jq >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A jq.bin)/bin:$PATH"
eval "$(jq -r '@sh "HOST=\(.host) STATE=\(.stateDir) ETC=\(.etcNixos) HASH=\(.bundleHash)
    KEEP=\(.keepBundles // 5) LOCK_TIMEOUT=\(.lockTimeoutSeconds // 300)"' <<<"$ARGS")"
fail() { echo "upload[$HOST]: $*" >&2; exit 1; }
case "$HASH" in '' | *[!0-9a-f]*) fail "bundleHash must be lowercase hex" ;; esac

# shellcheck disable=SC2153 # STATE is set by the eval above
mkdir -p "$STATE/bundles" "$ETC"
exec 9>>"$STATE/lock"
flock -w "$LOCK_TIMEOUT" 9 || fail "another deploy held $STATE/lock for ${LOCK_TIMEOUT}s"

DEST=$STATE/bundles/$HASH
if [ -d "$DEST" ]; then
    cat >/dev/null
    echo "upload[$HOST]: bundle $HASH already staged"
else
    STAGE=$DEST.tmp
    rm -rf "$STAGE" "$STAGE.sha256"
    mkdir -p "$STAGE"
    # A cut-off stream is not valid JSON, so nothing below runs on a partial upload.
    INPUT=$(cat)
    jq -e '(.files | type == "object") and (.sha256 | type == "object")' >/dev/null <<<"$INPUT" 2>&1 ||
        fail "stdin is not a complete bundle"
    jq -e '(.files | keys) == (.sha256 | keys) and (.files | has("configuration.nix"))' >/dev/null <<<"$INPUT" ||
        fail "bundle lacks configuration.nix or a checksum"
    while IFS=$'\t' read -r rel sum content; do
        case "$rel" in
            configuration.nix | nixos-matrix/*) ;;
            *) fail "bundle may only hold configuration.nix and nixos-matrix/*, not $rel" ;;
        esac
        case "/$rel/" in */../* | */./* | *//*) fail "bad path $rel" ;; esac
        mkdir -p "$(dirname "$STAGE/$rel")"
        base64 -d <<<"$content" >"$STAGE/$rel" || fail "content of $rel is not base64"
        echo "$sum  $rel" >>"$STAGE.sha256"
    done < <(jq -r '.sha256 as $sha | .files | to_entries[] | [.key, $sha[.key], .value] | @tsv' <<<"$INPUT")
    (cd "$STAGE" && sha256sum --quiet --strict -c "$STAGE.sha256") >&2 || fail "bundle files do not match their checksums"
    rm -f "$STAGE.sha256"
    mkdir -p "$STAGE/nixos-matrix"
    sync -f "$STAGE"
    mv -T "$STAGE" "$DEST"
    echo "upload[$HOST]: staged bundle $HASH"
fi

if [ -e "$ETC/configuration.nix" ] && [ ! -e "$STATE/configuration.nix.orig" ]; then
    cp -p "$ETC/configuration.nix" "$STATE/configuration.nix.orig"
fi
if [ -e "$ETC/nixos-matrix" ] && [ ! -L "$ETC/nixos-matrix" ]; then
    fail "$ETC/nixos-matrix is not ours (not a symlink); move it away first"
fi
if [ "$(readlink "$ETC/nixos-matrix" || true)" != "$DEST/nixos-matrix" ]; then
    ln -sfn "$DEST/nixos-matrix" "$ETC/.nixos-matrix.tmp"
    mv -T "$ETC/.nixos-matrix.tmp" "$ETC/nixos-matrix"
    touch "$DEST"
fi
if ! cmp -s "$DEST/configuration.nix" "$ETC/configuration.nix"; then
    cp "$DEST/configuration.nix" "$ETC/.configuration.nix.tmp"
    mv -f "$ETC/.configuration.nix.tmp" "$ETC/configuration.nix"
    echo "upload[$HOST]: configuration.nix replaced"
fi

# Keep the newest bundles for rollback, always the active one.
ACTIVE=$(cut -d' ' -f1 "$STATE/active" 2>/dev/null || true)
find "$STATE/bundles" -mindepth 1 -maxdepth 1 -name '*.tmp' -exec rm -rf {} +
n=0
while IFS= read -r dir; do
    n=$((n + 1))
    name=$(basename "$dir")
    if [ "$n" -gt "$KEEP" ] && [ "$name" != "$HASH" ] && [ "$name" != "$ACTIVE" ]; then
        rm -rf "$dir"
    fi
done < <(ls -1dt "$STATE/bundles"/*/)
echo "upload[$HOST]: /etc/nixos points at $HASH"
