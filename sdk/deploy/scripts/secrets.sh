#!/usr/bin/env bash
# Writes the host's secret files from stdin ({"<path>": "<base64>"}), only where content,
# owner, group or mode differ, then records the secrets hash for the switch step.
set -euo pipefail

ARGS=${1:?usage: secrets.sh '<json>'}
command -v jq >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A jq.bin)/bin:$PATH"
eval "$(jq -r '@sh "HOST=\(.host) STATE=\(.stateDir) HASH=\(.contentHash) LOCK_TIMEOUT=\(.lockTimeoutSeconds // 300)"' <<<"$ARGS")"
fail() { echo "secrets[$HOST]: $*" >&2; exit 1; }

mkdir -p "$STATE"
chmod 0755 "$STATE"
exec 9>>"$STATE/lock"
flock -w "$LOCK_TIMEOUT" 9 || fail "another deploy held $STATE/lock for ${LOCK_TIMEOUT}s"

INPUT=$(cat)
jq -e 'type == "object"' >/dev/null <<<"$INPUT" 2>&1 || fail "stdin is not a JSON object of base64 contents"

TMP=""
trap '[ -z "$TMP" ] || rm -f "$TMP"' EXIT
changed=0
while IFS=$'\t' read -r path owner group mode content; do
    case "$path" in
        /*) ;;
        *) fail "not an absolute path: $path" ;;
    esac
    case "/$path/" in */../*) fail "path escapes: $path" ;; esac
    case "$mode" in 0400 | 0440 | 0600 | 0640) ;; *) fail "mode $mode of $path is not a secret's mode" ;; esac
    want=$owner:$group
    # Before the first switch the services' users may not exist: activation hands the file over.
    if ! id -u "$owner" >/dev/null 2>&1 || ! getent group "$group" >/dev/null; then
        want=root:root
        echo "note $path: $owner:$group does not exist yet, root:root until activation"
    fi
    [ "$content" != - ] || fail "stdin has no content for $path"

    dir=$(dirname "$path")
    mkdir -p "$dir"
    TMP=$(mktemp "$dir/.nixos-matrix-secret.XXXXXX")
    base64 -d <<<"$content" >"$TMP" || fail "content of $path is not base64"
    if [ -f "$path" ] && [ ! -L "$path" ] && cmp -s "$TMP" "$path" &&
        [ "$(stat -c '%U:%G:%04a' "$path")" = "$want:$mode" ]; then
        rm -f "$TMP"
        TMP=""
        continue
    fi
    chown "$want" "$TMP"
    chmod "$mode" "$TMP"
    mv -f "$TMP" "$path"
    TMP=""
    echo "changed $path"
    changed=$((changed + 1))
# Contents come in on stdin, never on a command line.
done < <(jq -r --argjson a "$ARGS" '. as $in | $a.files[] | [.path, .owner, .group, .mode, ($in[.path] // "-")] | @tsv' <<<"$INPUT")

if [ "$(cat "$STATE/secrets.hash" 2>/dev/null || true)" != "$HASH" ]; then
    TMP=$(mktemp "$STATE/.secrets.hash.XXXXXX")
    echo "$HASH" >"$TMP"
    mv -f "$TMP" "$STATE/secrets.hash"
    TMP=""
fi
echo "secrets[$HOST]: $changed changed, hash $HASH"
