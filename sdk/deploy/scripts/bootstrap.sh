#!/usr/bin/env bash
# Creates the homeserver's first users after the last switch (see bootstrap-step.ts): each admin
# and each moderation bot once, through Synapse's shared-secret registration; an admin's
# password again only when the rotation is above the one this host last applied; and each
# bot's management room, made by the first admin, with admin and bot at power 100.
# Helpers come from matrix-api.sh, sent ahead. Prints one JSON array of
# {user, created, passwordSet} as its last stdout line.
set -euo pipefail

ARGS=${1:?usage: bootstrap.sh '<json>'}
for tool in jq curl; do
    command -v "$tool" >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A "$tool.bin")/bin:$PATH"
done
eval "$(jq -r '@sh "HOST=\(.host) URL=\(.homeserverUrl) SECRET_FILE=\(.sharedSecretFile) STATE=\(.stateDir)"' <<<"$ARGS")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
install -d -m 0700 "$STATE"

# Registers $1 with the password in file $2 (admin when $3 is admin); prints created or exists.
register() {
    local nonce mac answer
    nonce=$(curl -sS --fail --max-time 30 "$URL/_synapse/admin/v1/register" | jq -r '.nonce')
    mac=$({ printf '%s\0%s\0' "$nonce" "$1"; cat "$2"; printf '\0%s' "$3"; } | hmac_sha1 "$(<"$SECRET_FILE")")
    answer=$(jq -n --arg nonce "$nonce" --arg user "$1" --rawfile password "$2" --arg mac "$mac" --argjson admin "$([ "$3" = admin ] && echo true || echo false)" \
        '{nonce: $nonce, username: $user, password: $password, admin: $admin, mac: $mac}' | api POST /_synapse/admin/v1/register)
    if [ "$(status "$answer")" = 200 ]; then
        # An admin keeps its token (for rotations); a bot logs in on its own host, so this one goes.
        (umask 077 && body "$answer" | jq -j '.access_token' >"$WORK/registered.token")
        if [ "$3" = admin ]; then mv -f "$WORK/registered.token" "$STATE/admin-$1.token"; else
            echo '{}' | api POST /_matrix/client/v3/logout "$WORK/registered.token" >/dev/null
        fi
        echo created
    elif [ "$(status "$answer")" = 400 ] && [ "$(body "$answer" | jq -r '.errcode // ""')" = M_USER_IN_USE ]; then
        echo exists
    else
        fail "registering $1 failed ($(status "$answer")): $(body "$answer" | head -c 300)"
    fi
}

# Sets the password of admin $1 (user id $2) from file $3 with its own token, then logs in again.
rotate_password() {
    local token="$STATE/admin-$1.token" answer
    [ -s "$token" ] || fail "cannot rotate the password of $2: this host holds no token of it (was it created by hand?)"
    answer=$(jq -n --rawfile password "$3" '{new_password: $password, logout_devices: true}' |
        api POST "/_synapse/admin/v1/reset_password/$(uri "$2")" "$token")
    [ "$(status "$answer")" = 200 ] || fail "setting the password of $2 failed: $(body "$answer" | head -c 300)"
    login "$1" "$3" "$token"
}

# The management room $1 for bot $2, as the first admin (token file $3): found by its alias or
# created; the admin joined, the bot invited (unless in it) and both at power 100.
management_room() {
    local alias=$1 bot=$2 token=$3 room answer levels
    answer=$(api GET "/_matrix/client/v3/directory/room/$(uri "$alias")" "$token" </dev/null)
    if [ "$(status "$answer")" = 200 ]; then
        room=$(body "$answer" | jq -r '.room_id')
    else
        answer=$(jq -n --arg name "${alias%%:*}" --arg bot "$bot" \
            '{room_alias_name: ($name | ltrimstr("#")), name: "Moderation", preset: "private_chat", invite: [$bot]}' |
            api POST /_matrix/client/v3/createRoom "$token")
        [ "$(status "$answer")" = 200 ] || fail "creating $alias failed: $(body "$answer" | head -c 300)"
        room=$(body "$answer" | jq -r '.room_id')
        log "created management room $alias ($room)"
    fi
    answer=$(echo '{}' | api POST "/_matrix/client/v3/join/$(uri "$room")" "$token")
    [ "$(status "$answer")" = 200 ] || fail "the first admin cannot join $alias: $(body "$answer" | head -c 300)"
    answer=$(api GET "/_matrix/client/v3/rooms/$(uri "$room")/state/m.room.member/$(uri "$bot")" "$token" </dev/null)
    if ! body "$answer" | jq -e '.membership == "join" or .membership == "invite"' >/dev/null 2>&1; then
        answer=$(jq -n --arg bot "$bot" '{user_id: $bot}' | api POST "/_matrix/client/v3/rooms/$(uri "$room")/invite" "$token")
        [ "$(status "$answer")" = 200 ] || fail "inviting $bot to $alias failed: $(body "$answer" | head -c 300)"
    fi
    levels=$(api GET "/_matrix/client/v3/rooms/$(uri "$room")/state/m.room.power_levels" "$token" </dev/null)
    if ! body "$levels" | jq -e --arg bot "$bot" '.users[$bot] == 100' >/dev/null; then
        answer=$(body "$levels" | jq -c --arg bot "$bot" '.users[$bot] = 100' |
            api PUT "/_matrix/client/v3/rooms/$(uri "$room")/state/m.room.power_levels" "$token")
        [ "$(status "$answer")" = 200 ] || fail "giving $bot power in $alias failed: $(body "$answer" | head -c 300)"
    fi
}

result() { jq -cn --arg user "$1" --argjson created "$2" --argjson passwordSet "$3" '{user: $user, created: $created, passwordSet: $passwordSet}' >>"$WORK/results"; }

wait_for_homeserver
[ -r "$SECRET_FILE" ] || fail "the registration shared secret $SECRET_FILE is missing"
: >"$WORK/results"
while IFS= read -r admin; do
    eval "$(jq -r '@sh "LOCALPART=\(.localpart) USER_ID=\(.userId) PASSWORD_FILE=\(.passwordFile) ROTATION=\(.rotation)"' <<<"$admin")"
    [ -r "$PASSWORD_FILE" ] || fail "the password file of $USER_ID is missing"
    applied_file="$STATE/admin-$LOCALPART.rotation"
    outcome=$(register "$LOCALPART" "$PASSWORD_FILE" admin)
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
    result "$USER_ID" "$([ "$outcome" = created ] && echo true || echo false)" "$password_set"
done < <(jq -c '.admins[]' <<<"$ARGS")

FIRST_ADMIN_TOKEN="$STATE/admin-$(jq -r '.admins[0].localpart' <<<"$ARGS").token"
while IFS= read -r bot; do
    eval "$(jq -r '@sh "LOCALPART=\(.localpart) USER_ID=\(.userId) PASSWORD_FILE=\(.passwordFile) MANAGEMENT_ROOM=\(.managementRoom)"' <<<"$bot")"
    outcome=$(register "$LOCALPART" "$PASSWORD_FILE" notadmin)
    [ "$outcome" = created ] && log "created moderation bot $USER_ID"
    [ -s "$FIRST_ADMIN_TOKEN" ] || fail "cannot set up $MANAGEMENT_ROOM: this host holds no token of the first admin (was it created by hand?)"
    management_room "$MANAGEMENT_ROOM" "$USER_ID" "$FIRST_ADMIN_TOKEN"
    result "$USER_ID" "$([ "$outcome" = created ] && echo true || echo false)" "$([ "$outcome" = created ] && echo true || echo false)"
done < <(jq -c '.bots[]' <<<"$ARGS")
jq -cs . "$WORK/results"
