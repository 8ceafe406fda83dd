#!/usr/bin/env bash
# Switches the host to a staged bundle unless its active generation already runs it with the
# same secrets; checks health and rolls back, printing the evidence, when it is not healthy.
# Builds with exactly the pinned nixpkgs the pin step fetched, whatever channel the host has.
set -euo pipefail

ARGS=${1:?usage: switch.sh '<json>'}
command -v jq >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A jq.bin)/bin:$PATH"
eval "$(jq -r '@sh "HOST=\(.host) STATE=\(.stateDir) ETC=\(.etcNixos) HASH=\(.bundleHash) SECRETS=\(.secretsHash)
    TIMEOUT=\(.healthChecks.timeoutSeconds) LOCK_TIMEOUT=\(.lockTimeoutSeconds // 300)
    PIN=\(.nixpkgs.release + " " + .nixpkgs.sha256) NIXPKGS=\(.stateDir + "/nixpkgs/" + .nixpkgs.sha256)"' <<<"$ARGS")"
PROFILE=/nix/var/nix/profiles/system
fail() { echo "switch[$HOST]: $*" >&2; exit 1; }

mkdir -p "$STATE"
exec 9>>"$STATE/lock"
flock -w "$LOCK_TIMEOUT" 9 || fail "another deploy held $STATE/lock for ${LOCK_TIMEOUT}s"

[ -d "$STATE/bundles/$HASH" ] || fail "bundle $HASH was not uploaded"
[ -e "$NIXPKGS" ] || fail "nixpkgs ${PIN#* } was not fetched (the pin step keeps it at $NIXPKGS)"
recorded=$(cat "$STATE/secrets.hash" 2>/dev/null || true)
[ "$recorded" = "$SECRETS" ] || fail "secrets $SECRETS were not written (host has ${recorded:-none})"
ACTIVE=$(cat "$STATE/active" 2>/dev/null || true)
PREVIOUS=${ACTIVE%% *}

# Point /etc/nixos at a bundle (or back at the host's own configuration when there is none).
point_at() {
    if [ -n "$1" ] && [ -d "$STATE/bundles/$1" ]; then
        if [ "$(readlink "$ETC/nixos-matrix" || true)" != "$STATE/bundles/$1/nixos-matrix" ]; then
            ln -sfn "$STATE/bundles/$1/nixos-matrix" "$ETC/.nixos-matrix.tmp"
            mv -T "$ETC/.nixos-matrix.tmp" "$ETC/nixos-matrix"
        fi
        src=$STATE/bundles/$1/configuration.nix
    else
        rm -f "$ETC/nixos-matrix"
        src=$STATE/configuration.nix.orig
    fi
    if [ -f "$src" ] && ! cmp -s "$src" "$ETC/configuration.nix"; then
        cp "$src" "$ETC/.configuration.nix.tmp"
        mv -f "$ETC/.configuration.nix.tmp" "$ETC/configuration.nix"
    fi
}

# Secret files the secrets step retired: removed only from a healthy generation, so a
# rollback still finds every file its configuration names.
remove_retired() {
    local retired=$STATE/secrets.retired path
    [ -s "$retired" ] || return 0
    while IFS= read -r path; do
        if [ -e "$path" ] || [ -L "$path" ]; then
            [ ! -d "$path" ] || [ -L "$path" ] || fail "retired but a directory: $path"
            rm -f "$path"
            echo "removed $path"
        fi
    done <"$retired"
    LC_ALL=C comm -23 <(LC_ALL=C sort -u "$STATE/secrets.manifest") <(LC_ALL=C sort -u "$retired") >"$STATE/.secrets.manifest.tmp"
    mv -f "$STATE/.secrets.manifest.tmp" "$STATE/secrets.manifest"
    : >"$retired"
}

# A failed or missing backup is reported, never rolled back: an older generation would not
# bring the backup back. "Missing" counts from the first switch that set backups up.
backup_health() {
    local stamp unit max since last age
    eval "$(jq -r '.healthChecks.backup // {} | @sh "stamp=\(.stampFile // "") unit=\(.unit // "") max=\(.maxAgeHours // 0)"' <<<"$ARGS")"
    if [ -z "$stamp" ]; then rm -f "$STATE/backup-since"; return 0; fi
    [ -f "$STATE/backup-since" ] || date +%s >"$STATE/backup-since"
    since=$(cat "$STATE/backup-since")
    last=$(stat -c %Y "$stamp" 2>/dev/null || echo "$since")
    age=$(( ($(date +%s) - last) / 3600 ))
    if [ "$age" -ge "$max" ]; then
        echo "switch[$HOST]: UNHEALTHY backup: no successful backup for ${age}h (limit ${max}h), see $unit" >&2
    elif systemctl is-failed --quiet "$unit" 9>&-; then
        echo "switch[$HOST]: UNHEALTHY backup: the last run of $unit failed" >&2
    else
        echo "switch[$HOST]: backup healthy (last success ${age}h ago)"
    fi
}

# Another deploy may have uploaded a different bundle since; switch exactly to ours.
point_at "$HASH"
if [ "$ACTIVE" = "$HASH $SECRETS" ]; then
    remove_retired
    backup_health
    echo "switch[$HOST]: unchanged ($HASH)"
    exit 0
fi

give_up() {
    echo "switch[$HOST]: $1" >&2
    if [ "$(readlink "$PROFILE" || true)" != "$BEFORE" ]; then
        echo "switch[$HOST]: rolling back to $BEFORE" >&2
        nixos-rebuild switch --rollback >&2 9>&- || echo "switch[$HOST]: ROLLBACK FAILED" >&2
    fi
    point_at "$PREVIOUS"
    exit 1
}

BEFORE=$(readlink "$PROFILE" || true)
if ! out=$(NIX_PATH="nixpkgs=$NIXPKGS:nixos-config=$ETC/configuration.nix" nixos-rebuild switch -I "nixpkgs=$NIXPKGS" 2>&1 9>&-); then
    printf '%s\n' "$out" >&2
    give_up "nixos-rebuild switch to $HASH failed"
fi
printf '%s\n' "$out"
if [ -n "$ACTIVE" ] && [ "${ACTIVE#* }" != "$SECRETS" ]; then
    while IFS= read -r unit; do
        systemctl restart "$unit" 9>&- || give_up "restarting $unit for its new secrets failed"
        echo "switch[$HOST]: restarted $unit for its new secrets"
    done < <(jq -r '.restartOnSecretsChange[]' <<<"$ARGS")
fi

eval "$(jq -r '.healthChecks.mesh // {} | @sh "MESH_IF=\(.interface // "") MESH_AGE=\(.maxHandshakeAgeSeconds // 0)"' <<<"$ARGS")"
# Whether the peer at mesh address $1 handshook with us within MESH_AGE seconds.
mesh_handshake() {
    local peer when
    peer=$(wg show "$MESH_IF" allowed-ips 2>/dev/null | awk -v a="$1/32" '{ for (i = 2; i <= NF; i++) if ($i == a) print $1 }')
    [ -n "$peer" ] || return 1
    when=$(wg show "$MESH_IF" latest-handshakes | awk -v k="$peer" '$1 == k { print $2 }')
    [ "${when:-0}" -gt 0 ] && [ $(($(date +%s) - when)) -le "$MESH_AGE" ]
}

check_once() {
    local unit url header key body hdr peer address
    EVIDENCE=""
    while IFS=$'\x1f' read -r peer address; do
        mesh_handshake "$address" && continue
        EVIDENCE+="mesh: no WireGuard handshake with peer $peer ($address) on $MESH_IF in the last ${MESH_AGE}s"$'\n'
    done < <(jq -r '(.healthChecks.mesh.peers // [])[] | [.host, .address] | join("\u001f")' <<<"$ARGS")
    while IFS= read -r unit; do
        systemctl is-active --quiet "$unit" && continue
        EVIDENCE+="unit $unit is $(systemctl is-active "$unit" 2>&1 || true)"$'\n'
        EVIDENCE+="$(systemctl status --no-pager --lines=20 "$unit" 2>&1 || true)"$'\n'
    done < <(jq -r '.healthChecks.units[]' <<<"$ARGS")
    # \x1f, not a tab: an empty Host header must stay a field of its own.
    while IFS=$'\x1f' read -r url header key; do
        hdr=()
        [ -z "$header" ] || hdr=(-H "Host: $header")
        if body=$(curl -sS --fail --max-time 5 "${hdr[@]}" "$url" 2>&1) &&
            jq -e --arg k "$key" 'type == "object" and has($k)' >/dev/null 2>&1 <<<"$body"; then
            continue
        fi
        EVIDENCE+="GET $url${header:+ (Host: $header)} lacks JSON key \"$key\": $(head -c 500 <<<"$body")"$'\n'
    done < <(jq -r '.healthChecks.http[] | [.url, (.hostHeader // ""), .expectJsonKey] | join("\u001f")' <<<"$ARGS")
    [ -z "$EVIDENCE" ]
}

deadline=$((SECONDS + TIMEOUT))
until check_once; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        printf '%s' "$EVIDENCE" >&2
        give_up "health checks of $HASH failed for ${TIMEOUT}s"
    fi
    sleep 1
done

backup_health
for record in "active:$HASH $SECRETS" "nixpkgs.active:$PIN"; do
    TMP=$(mktemp "$STATE/.active.XXXXXX")
    echo "${record#*:}" >"$TMP"
    mv -f "$TMP" "$STATE/${record%%:*}"
done
remove_retired
echo "switch[$HOST]: switched to $HASH ($(readlink "$PROFILE" || true)), healthy"
