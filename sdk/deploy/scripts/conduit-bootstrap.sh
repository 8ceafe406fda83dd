#!/usr/bin/env bash
# The bootstrap step on Conduit (see conduit-bootstrap.ts). Conduit makes its first registered
# user its admin, in #admins:<server name>; so this registers the library's admin first (with
# Conduit's registration token), then each admin, invited to #admins and joined. Then, as the
# library's admin, it registers the homeserver's bridges by messages to @conduit in #admins:
# each one missing or changed since the last run, and unregisters the ones it registered that
# are gone from the stack. A re-run with nothing changed sends nothing. Helpers come from
# matrix-api.sh. Prints one JSON array of {user, created, passwordSet} and {appservice, action}
# as its last stdout line.
set -euo pipefail

ARGS=${1:?usage: conduit-bootstrap.sh '<json>'}
for tool in jq curl; do
    command -v "$tool" >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A "$tool.bin")/bin:$PATH"
done
eval "$(jq -r '@sh "HOST=\(.host) URL=\(.homeserverUrl) STATE=\(.stateDir) TOKEN_FILE=\(.conduit.registrationTokenFile) ADMIN_ROOM=\(.conduit.adminRoom) ADMIN_BOT=\(.conduit.adminBot)"' <<<"$ARGS")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
install -d -m 0700 "$STATE" "$STATE/appservices"

# Registers $1 with the password in file $2 through the registration-token flow, keeping its
# token in file $3; prints created or exists.
register() {
    local answer session
    answer=$(jq -n --arg user "$1" --rawfile password "$2" '{username: $user, password: $password}' | api POST /_matrix/client/v3/register)
    if [ "$(status "$answer")" = 400 ] && [ "$(body "$answer" | jq -r '.errcode // ""')" = M_USER_IN_USE ]; then echo exists; return; fi
    [ "$(status "$answer")" = 401 ] || fail "registering $1 failed ($(status "$answer")): $(body "$answer" | head -c 300)"
    session=$(body "$answer" | jq -r '.session')
    answer=$(jq -n --arg user "$1" --rawfile password "$2" --rawfile token "$TOKEN_FILE" --arg session "$session" \
        '{username: $user, password: $password, auth: {type: "m.login.registration_token", token: $token, session: $session}}' |
        api POST /_matrix/client/v3/register)
    [ "$(status "$answer")" = 200 ] || fail "registering $1 failed ($(status "$answer")): $(body "$answer" | head -c 300)"
    (umask 077 && body "$answer" | jq -j '.access_token' >"$3.tmp") && mv -f "$3.tmp" "$3"
    echo created
}

# A token of $1 (password file $2) in file $3: the kept one if it still works, else a new login.
token_of() {
    if [ -s "$3" ] && [ "$(api GET /_matrix/client/v3/account/whoami "$3" </dev/null | tail -n 1)" = 200 ]; then return; fi
    login "$1" "$2" "$3"
}

# Joins the room $2 with token file $1; prints the room id.
join() {
    local answer
    answer=$(echo '{}' | api POST "/_matrix/client/v3/join/$(uri "$2")" "$1")
    [ "$(status "$answer")" = 200 ] || fail "joining $2 failed: $(body "$answer" | head -c 300)"
    body "$answer" | jq -r '.room_id'
}

# Sends text $1 to the admin room; waits for @conduit's answer to it and prints its body.
command_admin_bot() {
    local answer event txn
    txn="nixos-matrix-$(date +%s%N)"
    answer=$(jq -n --arg body "$ADMIN_BOT: $1" '{msgtype: "m.text", body: $body}' |
        api PUT "/_matrix/client/v3/rooms/$(uri "$ROOM")/send/m.room.message/$txn" "$ADMIN_TOKEN")
    [ "$(status "$answer")" = 200 ] || fail "sending to $ADMIN_ROOM failed: $(body "$answer" | head -c 300)"
    event=$(body "$answer" | jq -r '.event_id')
    for _ in $(seq 30); do
        answer=$(api GET "/_matrix/client/v3/rooms/$(uri "$ROOM")/messages?dir=b&limit=50" "$ADMIN_TOKEN" </dev/null)
        # Newest first: the bot's answer is a message of @conduit's before (newer than) ours.
        if body "$answer" | jq -e --arg event "$event" --arg bot "$ADMIN_BOT" \
            '[.chunk[].event_id] | index($event) != null' >/dev/null; then
            body "$answer" | jq -r --arg event "$event" --arg bot "$ADMIN_BOT" \
                '.chunk as $c | ([$c[].event_id] | index($event)) as $i | [$c[:$i][] | select(.sender == $bot and .type == "m.room.message")] | last // empty | .content.body' >"$WORK/answer"
            if [ -s "$WORK/answer" ]; then cat "$WORK/answer"; return; fi
        fi
        sleep 1
    done
    fail "$ADMIN_BOT did not answer \"$1\" in $ADMIN_ROOM"
}

# Whether @conduit's answer $1 reports the action $2 done ("Appservice registered ...", not "Failed to ...").
confirmed() { [[ "$1" == *"$2"* && "$1" != Failed* ]]; }

result() { jq -cn --arg user "$1" --argjson created "$2" '{user: $user, created: $created, passwordSet: $created}' >>"$WORK/results"; }
appservice_result() { jq -cn --arg id "$1" --arg action "$2" '{appservice: $id, action: $action}' >>"$WORK/results"; }

wait_for_homeserver
[ -r "$TOKEN_FILE" ] || fail "the registration token $TOKEN_FILE is missing"
: >"$WORK/results"
eval "$(jq -r '.conduit.libraryAdmin | @sh "LIBRARY_ADMIN=\(.localpart) LIBRARY_ADMIN_ID=\(.userId) LIBRARY_PASSWORD=\(.passwordFile)"' <<<"$ARGS")"
ADMIN_TOKEN="$STATE/admin-$LIBRARY_ADMIN.token"
outcome=$(register "$LIBRARY_ADMIN" "$LIBRARY_PASSWORD" "$ADMIN_TOKEN")
[ "$outcome" = created ] && log "registered $LIBRARY_ADMIN_ID, Conduit's first user and admin"
result "$LIBRARY_ADMIN_ID" "$([ "$outcome" = created ] && echo true || echo false)"
token_of "$LIBRARY_ADMIN" "$LIBRARY_PASSWORD" "$ADMIN_TOKEN"
ROOM=$(join "$ADMIN_TOKEN" "$ADMIN_ROOM")

while IFS= read -r admin; do
    eval "$(jq -r '@sh "LOCALPART=\(.localpart) USER_ID=\(.userId) PASSWORD_FILE=\(.passwordFile)"' <<<"$admin")"
    token="$STATE/admin-$LOCALPART.token"
    outcome=$(register "$LOCALPART" "$PASSWORD_FILE" "$token")
    answer=$(api GET "/_matrix/client/v3/rooms/$(uri "$ROOM")/state/m.room.member/$(uri "$USER_ID")" "$ADMIN_TOKEN" </dev/null)
    if ! body "$answer" | jq -e '.membership == "join"' >/dev/null 2>&1; then
        answer=$(jq -n --arg user "$USER_ID" '{user_id: $user}' | api POST "/_matrix/client/v3/rooms/$(uri "$ROOM")/invite" "$ADMIN_TOKEN")
        [ "$(status "$answer")" = 200 ] || fail "inviting $USER_ID to $ADMIN_ROOM failed: $(body "$answer" | head -c 300)"
        token_of "$LOCALPART" "$PASSWORD_FILE" "$token"
        join "$token" "$ROOM" >/dev/null
        log "$USER_ID joined $ADMIN_ROOM"
    fi
    [ "$outcome" = created ] && log "created admin $USER_ID"
    result "$USER_ID" "$([ "$outcome" = created ] && echo true || echo false)"
done < <(jq -c '.admins[]' <<<"$ARGS")

# What to register: each bridge whose registration differs from the one this host last sent.
: >"$WORK/changes"
while IFS= read -r appservice; do
    eval "$(jq -r '@sh "ID=\(.id) REGISTRATION_FILE=\(.registrationFile)"' <<<"$appservice")"
    [ -r "$REGISTRATION_FILE" ] || fail "the registration of $ID ($REGISTRATION_FILE) is missing"
    digest=$(sha256sum "$REGISTRATION_FILE" | cut -d' ' -f1)
    [ "$(cat "$STATE/appservices/$ID" 2>/dev/null)" = "$digest" ] || echo "register $ID $REGISTRATION_FILE $digest" >>"$WORK/changes"
done < <(jq -c '.conduit.appservices[]' <<<"$ARGS")
for kept in "$STATE"/appservices/*; do
    [ -e "$kept" ] || continue
    jq -e --arg id "${kept##*/}" '[.conduit.appservices[].id] | index($id) == null' <<<"$ARGS" >/dev/null && echo "unregister ${kept##*/}" >>"$WORK/changes"
done

if [ -s "$WORK/changes" ]; then
    listed=$(command_admin_bot list-appservices)
    [[ "$listed" == "Appservices ("* ]] || fail "unexpected answer to list-appservices: $listed"
    registered=" $(sed -e 's/^Appservices ([0-9]*)://' -e 's/,/ /g' <<<"$listed") "
    while read -r action id file digest; do
        if [[ "$registered" == *" $id "* ]]; then
            answer=$(command_admin_bot "unregister-appservice $id")
            confirmed "$answer" unregistered || fail "unregistering appservice $id failed: $answer"
            log "unregistered appservice $id: $answer"
            [ "$action" = unregister ] && appservice_result "$id" unregistered
        fi
        if [ "$action" = register ]; then
            answer=$(command_admin_bot "register-appservice
\`\`\`
$(<"$file")
\`\`\`")
            confirmed "$answer" registered || fail "registering appservice $id failed: $answer"
            log "registered appservice $id: $answer"
            echo "$digest" >"$STATE/appservices/$id"
            appservice_result "$id" registered
        else
            rm -f "$STATE/appservices/$id"
        fi
    done <"$WORK/changes"
fi
jq -cs . "$WORK/results"
