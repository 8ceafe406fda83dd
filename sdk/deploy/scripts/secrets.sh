#!/usr/bin/env bash
# Writes the host's secret files from stdin ({"<path>": "<base64>"}), only where content,
# owner, group or mode differ, lists those it wrote before that are no longer wanted in
# secrets.retired (the switch step removes them once the new generation is healthy, so a
# rollback still finds them), then records the secrets hash for the switch step.
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

# Credentials known only now (outputs of this deploy) get their shape checked before
# anything is written; the message names the arg, never the value.
while IFS= read -r check; do
    # @sh, not @tsv: a pattern's backslashes must reach bash as written.
    path="" name="" variable="" pattern="" reason=""
    eval "$(jq -r '@sh "path=\(.path) name=\(.name) variable=\(.variable) pattern=\(.pattern) reason=\(.reason)"' <<<"$check")"
    value=$(jq -r --arg p "$path" '.[$p] // ""' <<<"$INPUT" | base64 -d | sed -n "s/^$variable=//p" | head -n 1) ||
        fail "content of $path is not base64"
    LC_ALL=C
    [[ $value =~ $pattern ]] || fail "$name: $reason (the value is not printed)"
    unset LC_ALL
done < <(jq -c '.files[] | .path as $p | (.checks // [])[] | . + {path: $p}' <<<"$ARGS")

# Only absolute, normal paths: no empty, "." or ".." component, no trailing slash.
check_path() {
    case "$1" in /?*) ;; *) fail "not an absolute path: $1" ;; esac
    case "$1/" in *//* | */./* | */../*) fail "not a normal path: $1" ;; esac
}

TMP=""
trap '[ -z "$TMP" ] || rm -f "$TMP"' EXIT
# Atomically replaces $1 with stdin unless it already holds exactly that.
put() {
    local content
    content=$(cat)
    [ "$(cat "$1" 2>/dev/null || true)" != "$content" ] || return 0
    TMP=$(mktemp "$(dirname "$1")/.$(basename "$1").XXXXXX")
    printf '%s' "${content:+$content$'\n'}" >"$TMP"
    mv -f "$TMP" "$1"
    TMP=""
}

# The paths this script manages, one a line, sorted: those no longer listed are retired below.
MANIFEST=$STATE/secrets.manifest
WANTED=$(jq -r '.files[].path | if test("[[:cntrl:]]") then error("control character in path \(.)") else . end' <<<"$ARGS" |
    LC_ALL=C sort -u) || fail "a path is not one line"
OLD=$(LC_ALL=C sort -u "$MANIFEST" 2>/dev/null || true)
while IFS= read -r path; do check_path "$path"; done < <(printf '%s\n' "$OLD" "$WANTED" | sed '/^$/d')
# List new paths before writing them, so that a run cut short leaves none unmanaged.
printf '%s\n' "$OLD" "$WANTED" | LC_ALL=C sort -u | sed '/^$/d' | put "$MANIFEST"

changed=0
while IFS=$'\t' read -r path owner group mode content; do
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

# Still in the manifest until the switch step has removed them.
RETIRED=$(LC_ALL=C comm -23 <(printf '%s\n' "$OLD" | sed '/^$/d') <(printf '%s\n' "$WANTED"))
while IFS= read -r path; do
    [ -z "$path" ] || echo "retiring $path"
done <<<"$RETIRED"
printf '%s\n' "$RETIRED" | sed '/^$/d' | put "$STATE/secrets.retired"

echo "$HASH" | put "$STATE/secrets.hash"
echo "secrets[$HOST]: $changed changed, hash $HASH"
