#!/usr/bin/env bash
# Helpers of the Conduit-family bootstrap step (conduit-bootstrap.sh), sent after matrix-api.sh
# and ahead of it: registration with a registration token, joining rooms, and commands to the
# server's admin bot in #admins. They read $URL, $WORK, $ROOM, $ADMIN_TOKEN, $ADMIN_ROOM and
# $ADMIN_BOT.
set -euo pipefail

# Registers $1 with the password in file $2 through the registration-token flow (the token in
# file $4), keeping its access token in file $3; prints created, exists or rejected (the token).
register() {
    local answer session
    answer=$(jq -n --arg user "$1" --rawfile password "$2" '{username: $user, password: $password}' | api POST /_matrix/client/v3/register)
    if [ "$(status "$answer")" = 400 ] && [ "$(body "$answer" | jq -r '.errcode // ""')" = M_USER_IN_USE ]; then echo exists; return; fi
    [ "$(status "$answer")" = 401 ] || fail "registering $1 failed ($(status "$answer")): $(body "$answer" | head -c 300)"
    session=$(body "$answer" | jq -r '.session')
    answer=$(jq -n --arg user "$1" --rawfile password "$2" --rawfile token "$4" --arg session "$session" \
        '{username: $user, password: $password, auth: {type: "m.login.registration_token", token: $token, session: $session}}' |
        api POST /_matrix/client/v3/register)
    case "$(status "$answer")" in
        200) ;;
        401 | 403) echo rejected; return ;;
        *) fail "registering $1 failed ($(status "$answer")): $(body "$answer" | head -c 300)" ;;
    esac
    (umask 077 && body "$answer" | jq -j '.access_token' >"$3.tmp") && mv -f "$3.tmp" "$3"
    echo created
}

# continuwuity's one-time first-run token, the newest its unit $1 logged after the words $2,
# into file $3 (0400). The journal keeps it; this step never prints it.
first_run_token() {
    (umask 077 && journalctl -u "$1" -o cat --no-pager 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' |
        grep -o "$2 [^ ]*" | tail -n 1 | awk '{printf "%s", $NF}' >"$3")
    [ -s "$3" ] || fail "$1 has no first-run registration token in its journal"
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

# Sends the command $1 to the admin room; waits for the admin bot's answer to it and prints its body.
admin_command() {
    local answer event txn
    txn="nixos-matrix-$(date +%s%N)"
    answer=$(jq -n --arg body "$1" '{msgtype: "m.text", body: $body}' |
        api PUT "/_matrix/client/v3/rooms/$(uri "$ROOM")/send/m.room.message/$txn" "$ADMIN_TOKEN")
    [ "$(status "$answer")" = 200 ] || fail "sending to $ADMIN_ROOM failed: $(body "$answer" | head -c 300)"
    event=$(body "$answer" | jq -r '.event_id')
    for _ in $(seq 30); do
        answer=$(api GET "/_matrix/client/v3/rooms/$(uri "$ROOM")/messages?dir=b&limit=50" "$ADMIN_TOKEN" </dev/null)
        # Newest first: the bot's answer is a message of the bot's before (newer than) ours.
        if body "$answer" | jq -e --arg event "$event" '[.chunk[].event_id] | index($event) != null' >/dev/null; then
            body "$answer" | jq -r --arg event "$event" --arg bot "$ADMIN_BOT" \
                '.chunk as $c | ([$c[].event_id] | index($event)) as $i | [$c[:$i][] | select(.sender == $bot and .type == "m.room.message")] | last // empty | .content.body' >"$WORK/answer"
            if [ -s "$WORK/answer" ]; then cat "$WORK/answer"; return; fi
        fi
        sleep 1
    done
    fail "$ADMIN_BOT did not answer \"${1%%$'\n'*}\" in $ADMIN_ROOM"
}
