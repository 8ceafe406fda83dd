#!/usr/bin/env bash
# Creates the homeserver's first users after the last switch (see contract.ts, BootstrapArgs):
# each admin once, through Synapse's shared-secret registration, and sets its password again
# only when the argument's rotation is above the one this host last applied. Secrets are read
# from root-only files and reach curl, sha1sum and jq on stdin or through files, never argv.
# Prints one JSON array of {user, created, passwordSet} as its last stdout line.
set -euo pipefail

ARGS=${1:?usage: bootstrap.sh '<json>'}
for tool in jq curl; do
    command -v "$tool" >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A "$tool.bin")/bin:$PATH"
done
eval "$(jq -r '@sh "HOST=\(.host) URL=\(.homeserverUrl) SECRET_FILE=\(.sharedSecretFile) STATE=\(.stateDir)"' <<<"$ARGS")"
log() { echo "bootstrap[$HOST]: $*" >&2; }
fail() { log "$*"; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
install -d -m 0700 "$STATE"

# POSTs stdin to $1 (with the bearer token in file $2, if any); prints the body, then the status.
post() {
    local auth=()
    [ -n "${2:-}" ] && auth=(-H "@$2")
    curl -sS --max-time 30 -X POST -H 'Content-Type: application/json' "${auth[@]}" --data-binary @- \
        -w '\n%{http_code}' "$URL$1"
}

# HMAC-SHA1 of stdin keyed with $1 (RFC 2104, key at most one 64-byte block), in hex.
hmac_sha1() {
    local key=$1 i c ipad="" opad="" inner digest=""
    [ "${#key}" -le 64 ] || fail "the registration shared secret is longer than 64 bytes"
    for ((i = 0; i < 64; i++)); do
        c=0
        if [ "$i" -lt "${#key}" ]; then printf -v c '%d' "'${key:i:1}"; fi
        printf -v ipad '%s\\x%02x' "$ipad" $((c ^ 0x36))
        printf -v opad '%s\\x%02x' "$opad" $((c ^ 0x5c))
    done
    inner=$({ printf '%b' "$ipad"; cat; } | sha1sum | cut -d' ' -f1)
    for ((i = 0; i < ${#inner}; i += 2)); do digest+="\\x${inner:i:2}"; done
    { printf '%b' "$opad"; printf '%b' "$digest"; } | sha1sum | cut -d' ' -f1
}

# Logs in as $1 with the password in file $2; writes the access token to file $3 (0400).
login() {
    local answer
    answer=$(jq -n --arg user "$1" --rawfile password "$2" \
        '{type: "m.login.password", identifier: {type: "m.id.user", user: $user}, password: $password}' |
        post /_matrix/client/v3/login)
    [ "$(tail -n 1 <<<"$answer")" = 200 ] || fail "login as $1 failed: $(head -n 1 <<<"$answer" | head -c 300)"
    (umask 077 && head -n 1 <<<"$answer" | jq -j '.access_token' >"$3.tmp")
    mv -f "$3.tmp" "$3"
}

# Registers $1 as an admin with the password in file $2; prints created or exists.
register_admin() {
    local nonce mac answer status
    nonce=$(curl -sS --fail --max-time 30 "$URL/_synapse/admin/v1/register" | jq -r '.nonce')
    mac=$({ printf '%s\0%s\0' "$nonce" "$1"; cat "$2"; printf '\0admin'; } | hmac_sha1 "$(<"$SECRET_FILE")")
    answer=$(jq -n --arg nonce "$nonce" --arg user "$1" --rawfile password "$2" --arg mac "$mac" \
        '{nonce: $nonce, username: $user, password: $password, admin: true, mac: $mac}' |
        post /_synapse/admin/v1/register)
    status=$(tail -n 1 <<<"$answer")
    if [ "$status" = 200 ]; then
        (umask 077 && head -n 1 <<<"$answer" | jq -j '.access_token' >"$STATE/admin-$1.token")
        echo created
    elif [ "$status" = 400 ] && [ "$(head -n 1 <<<"$answer" | jq -r '.errcode // ""')" = M_USER_IN_USE ]; then
        echo exists
    else
        fail "registering $1 failed ($status): $(head -n 1 <<<"$answer" | head -c 300)"
    fi
}

# Sets the password of $1 (user id $2) from file $3 with its own admin token, then logs in again.
rotate_password() {
    local token="$STATE/admin-$1.token" answer
    [ -s "$token" ] || fail "cannot rotate the password of $2: this host holds no token of it (was it created by hand?)"
    printf 'Authorization: Bearer %s\n' "$(<"$token")" >"$WORK/auth"
    answer=$(jq -n --rawfile password "$3" '{new_password: $password, logout_devices: true}' |
        post "/_synapse/admin/v1/reset_password/$(jq -rn --arg u "$2" '$u | @uri')" "$WORK/auth")
    [ "$(tail -n 1 <<<"$answer")" = 200 ] || fail "setting the password of $2 failed: $(head -n 1 <<<"$answer" | head -c 300)"
    login "$1" "$3" "$token"
}

for _ in $(seq 60); do
    curl -sS --fail --max-time 5 "$URL/_matrix/client/versions" >/dev/null 2>&1 && break
    sleep 1
done
[ -r "$SECRET_FILE" ] || fail "the registration shared secret $SECRET_FILE is missing"
: >"$WORK/results"
while IFS= read -r admin; do
    eval "$(jq -r '@sh "LOCALPART=\(.localpart) USER_ID=\(.userId) PASSWORD_FILE=\(.passwordFile) ROTATION=\(.rotation)"' <<<"$admin")"
    [ -r "$PASSWORD_FILE" ] || fail "the password file of $USER_ID is missing"
    applied_file="$STATE/admin-$LOCALPART.rotation"
    outcome=$(register_admin "$LOCALPART" "$PASSWORD_FILE")
    password_set=false
    if [ "$outcome" = created ]; then
        password_set=true
        log "created admin $USER_ID"
    elif [ -f "$applied_file" ] && [ "$(<"$applied_file")" -lt "$ROTATION" ]; then
        rotate_password "$LOCALPART" "$USER_ID" "$PASSWORD_FILE"
        password_set=true
        log "set a new password for admin $USER_ID (rotation $ROTATION)"
    else
        log "admin $USER_ID exists; password left as it is"
    fi
    # A user found already there keeps its password: only later rotations apply to it.
    if [ "$password_set" = true ] || [ ! -f "$applied_file" ]; then
        echo "$ROTATION" >"$applied_file.tmp" && mv -f "$applied_file.tmp" "$applied_file"
    fi
    jq -cn --arg user "$USER_ID" --argjson created "$([ "$outcome" = created ] && echo true || echo false)" \
        --argjson passwordSet "$password_set" '{user: $user, created: $created, passwordSet: $passwordSet}' >>"$WORK/results"
done < <(jq -c '.admins[]' <<<"$ARGS")
jq -cs . "$WORK/results"
