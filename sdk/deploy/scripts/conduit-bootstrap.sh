#!/usr/bin/env bash
# The bootstrap step on a Conduit-family homeserver (Conduit, continuwuity, Tuwunel; see
# conduit-bootstrap.ts). The server makes its first registered user its admin, in
# #admins:<server name>; so this registers the library's admin first (with the registration
# token, or on continuwuity's first run with the one-time token it logged), then each admin,
# invited to #admins and joined. Then, as the library's admin, it registers the homeserver's
# bridges by commands to the admin bot: each one missing or changed since the last run, and
# unregisters the ones it registered that are gone from the stack. A re-run with nothing
# changed sends nothing. Helpers come from matrix-api.sh and admin-room-api.sh. Prints one
# JSON array of {user, created, passwordSet} and {appservice, action} as its last stdout line.
set -euo pipefail

ARGS=${1:?usage: conduit-bootstrap.sh '<json>'}
for tool in jq curl; do
    command -v "$tool" >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A "$tool.bin")/bin:$PATH"
done
eval "$(jq -r '@sh "HOST=\(.host) URL=\(.homeserverUrl) STATE=\(.stateDir) TOKEN_FILE=\(.conduit.registrationTokenFile) ADMIN_ROOM=\(.conduit.adminRoom) ADMIN_BOT=\(.conduit.adminBot)"' <<<"$ARGS")"
eval "$(jq -r '.conduit.commands | @sh "LIST=\(.list) REGISTER=\(.register) UNREGISTER=\(.unregister)"' <<<"$ARGS")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
install -d -m 0700 "$STATE" "$STATE/appservices"

result() { jq -cn --arg user "$1" --argjson created "$2" '{user: $user, created: $created, passwordSet: $created}' >>"$WORK/results"; }
appservice_result() { jq -cn --arg id "$1" --arg action "$2" '{appservice: $id, action: $action}' >>"$WORK/results"; }

wait_for_homeserver
[ -r "$TOKEN_FILE" ] || fail "the registration token $TOKEN_FILE is missing"
: >"$WORK/results"
eval "$(jq -r '.conduit.libraryAdmin | @sh "LIBRARY_ADMIN=\(.localpart) LIBRARY_ADMIN_ID=\(.userId) LIBRARY_PASSWORD=\(.passwordFile)"' <<<"$ARGS")"
ADMIN_TOKEN="$STATE/admin-$LIBRARY_ADMIN.token"
outcome=$(register "$LIBRARY_ADMIN" "$LIBRARY_PASSWORD" "$ADMIN_TOKEN" "$TOKEN_FILE")
if [ "$outcome" = rejected ] && jq -e '.conduit.firstRunToken' <<<"$ARGS" >/dev/null; then
    first_run_token "$(jq -r '.conduit.firstRunToken.unit' <<<"$ARGS")" "$(jq -r '.conduit.firstRunToken.line' <<<"$ARGS")" "$WORK/first-run-token"
    outcome=$(register "$LIBRARY_ADMIN" "$LIBRARY_PASSWORD" "$ADMIN_TOKEN" "$WORK/first-run-token")
fi
[ "$outcome" != rejected ] || fail "registering $LIBRARY_ADMIN_ID failed: the registration token was refused"
[ "$outcome" = created ] && log "registered $LIBRARY_ADMIN_ID, the server's first user and admin"
result "$LIBRARY_ADMIN_ID" "$([ "$outcome" = created ] && echo true || echo false)"
token_of "$LIBRARY_ADMIN" "$LIBRARY_PASSWORD" "$ADMIN_TOKEN"
ROOM=$(join "$ADMIN_TOKEN" "$ADMIN_ROOM")

while IFS= read -r admin; do
    eval "$(jq -r '@sh "LOCALPART=\(.localpart) USER_ID=\(.userId) PASSWORD_FILE=\(.passwordFile)"' <<<"$admin")"
    token="$STATE/admin-$LOCALPART.token"
    outcome=$(register "$LOCALPART" "$PASSWORD_FILE" "$token" "$TOKEN_FILE")
    [ "$outcome" != rejected ] || fail "registering $USER_ID failed: the registration token was refused"
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
    listed=$(admin_command "$LIST")
    [[ "$listed" == "Appservices ("* ]] || fail "unexpected answer to \"$LIST\": $listed"
    registered=" $(sed -e 's/^Appservices ([0-9]*)://' -e 's/,/ /g' <<<"$listed") "
    while read -r action id file digest; do
        if [[ "$registered" == *" $id "* ]]; then
            answer=$(admin_command "$UNREGISTER $id")
            [[ "$answer" == "Appservice unregistered"* ]] || fail "unregistering appservice $id failed: $answer"
            log "unregistered appservice $id: $answer"
            [ "$action" = unregister ] && appservice_result "$id" unregistered
        fi
        if [ "$action" = register ]; then
            answer=$(admin_command "$REGISTER
\`\`\`
$(<"$file")
\`\`\`")
            [[ "$answer" == "Appservice registered with ID: $id"* ]] || fail "registering appservice $id failed: $answer"
            log "registered appservice $id: $answer"
            echo "$digest" >"$STATE/appservices/$id"
            appservice_result "$id" registered
        else
            rm -f "$STATE/appservices/$id"
        fi
    done <"$WORK/changes"
fi
jq -cs . "$WORK/results"
