#!/usr/bin/env bash
# Fetches the pinned nixpkgs source once, checks its hash and keeps it rooted; on a homeserver
# host moving to another pin, refuses a downgrade and dumps the database first.
set -euo pipefail

ARGS=${1:?usage: pin.sh '<json>'}
command -v jq >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A jq.bin)/bin:$PATH"
eval "$(jq -r '@sh "HOST=\(.host) STATE=\(.stateDir) RELEASE=\(.nixpkgs.release) URL=\(.nixpkgs.url)
    SHA=\(.nixpkgs.sha256) KEEP=\(.keepDumps) LOCK_TIMEOUT=\(.lockTimeoutSeconds // 300)"' <<<"$ARGS")"
fail() { echo "pin[$HOST]: $*" >&2; exit 1; }

mkdir -p "$STATE/nixpkgs"
exec 9>>"$STATE/lock"
flock -w "$LOCK_TIMEOUT" 9 || fail "another deploy held $STATE/lock for ${LOCK_TIMEOUT}s"

# The source, once: a link per hash to its store path, itself a garbage-collector root.
LINK=$STATE/nixpkgs/$SHA
if [ ! -e "$LINK" ]; then
    out=$(nix-prefetch-url --unpack --print-path --name source "$URL" "$SHA" 9>&-) ||
        fail "fetching nixpkgs $RELEASE from $URL failed or its hash is not $SHA"
    ln -sfn "$(tail -n 1 <<<"$out")" "$LINK.tmp"
    mv -T "$LINK.tmp" "$LINK"
    echo "pin[$HOST]: fetched nixpkgs $RELEASE ($SHA)"
fi
ROOT=/nix/var/nix/gcroots/nixos-matrix/$SHA
mkdir -p "${ROOT%/*}"
[ "$(readlink "$ROOT" || true)" = "$LINK" ] || ln -sfn "$LINK" "$ROOT"

# What the host runs now: the pin its last healthy switch recorded, or (before the first)
# the release of the booted system. Moving to another pin marks its source as used now.
read -r FROM FROM_SHA 2>/dev/null <"$STATE/nixpkgs.active" || true
[ "${FROM_SHA:-}" = "$SHA" ] || touch -h "$LINK"

# Sources of older pins lose their root, but for the three used last and the running one.
find "$STATE/nixpkgs" -mindepth 1 -maxdepth 1 -type l -printf '%T@ %f\n' | sort -rn | tail -n +4 |
    while read -r _ old; do
        [ "$old" = "$SHA" ] || [ "$old" = "${FROM_SHA:-}" ] || rm -f "$STATE/nixpkgs/$old" "/nix/var/nix/gcroots/nixos-matrix/$old"
    done

[ "$(jq -r '.homeserver != null' <<<"$ARGS")" = true ] || exit 0
eval "$(jq -r '.homeserver | @sh "IMPL=\(.implementation) UNIT=\(.unit) DB=\(.database // "")
    ALLOW_DOWNGRADE=\(.allowDowngrade)"' <<<"$ARGS")"
if [ -z "${FROM:-}" ] && [ -r /run/current-system/nixos-version ]; then
    FROM=$(cut -c1-5 /run/current-system/nixos-version)
fi
FROM=${FROM:-unknown}
[ "${FROM_SHA:-}" != "$SHA" ] || exit 0
if [[ "$FROM" =~ ^[0-9]{2}\.[0-9]{2}$ ]] && [[ "$RELEASE" < "$FROM" ]] && [ "$ALLOW_DOWNGRADE" != true ]; then
    fail "refusing to move the homeserver host from NixOS $FROM to the older $RELEASE: a newer homeserver may have migrated its database; set allowDataLoss on the homeserver to accept this"
fi

DUMPS=$STATE/dumps
mkdir -p "$DUMPS"
chmod 0700 "$DUMPS"
NAME=$(date -u +%Y%m%dT%H%M%SZ)-$FROM-to-$RELEASE
if [ "$IMPL" = synapse ]; then
    # A host the library never switched has no PostgreSQL (or no database) yet: nothing to keep.
    if ! found=$(runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" 2>&1); then
        echo "pin[$HOST]: no PostgreSQL answers here (${found//$'\n'/ }), so no database to dump"
        exit 0
    fi
    [ "$found" = 1 ] || { echo "pin[$HOST]: no database $DB yet, nothing to dump"; exit 0; }
    if ! runuser -u postgres -- pg_dump -Fc "$DB" >"$DUMPS/.$NAME.tmp" 9>&-; then
        rm -f "$DUMPS/.$NAME.tmp"
        fail "pg_dump of $DB failed; the host was not switched"
    fi
    mv -f "$DUMPS/.$NAME.tmp" "$DUMPS/$NAME.synapse.pgdump"
    echo "pin[$HOST]: dumped $DB to $DUMPS/$NAME.synapse.pgdump"
else
    dir=""
    while IFS= read -r d; do [ -d "$d" ] && { dir=$d; break; }; done < <(jq -r '.homeserver.dataDirs[]' <<<"$ARGS")
    [ -n "$dir" ] || { echo "pin[$HOST]: no Conduit database yet, nothing to dump"; exit 0; }
    was_active=false
    systemctl is-active --quiet "$UNIT" && was_active=true
    [ "$was_active" = false ] || systemctl stop "$UNIT" 9>&-
    rm -rf "$DUMPS/.$NAME.tmp"
    if ! cp -a "$dir" "$DUMPS/.$NAME.tmp"; then
        [ "$was_active" = false ] || systemctl start "$UNIT" 9>&-
        fail "copying $dir failed; the host was not switched"
    fi
    [ "$was_active" = false ] || systemctl start "$UNIT" 9>&-
    mv -T "$DUMPS/.$NAME.tmp" "$DUMPS/$NAME.conduit"
    echo "pin[$HOST]: copied $dir to $DUMPS/$NAME.conduit"
fi
# The newest KEEP dumps stay (names start with the time).
find "$DUMPS" -mindepth 1 -maxdepth 1 -name '2*' -printf '%f\n' | LC_ALL=C sort -r | tail -n +$((KEEP + 1)) |
    while IFS= read -r old; do rm -rf "${DUMPS:?}/$old" && echo "pin[$HOST]: removed old dump $old"; done
