#!/usr/bin/env bash
# The moderation bot's own bootstrap step, on its host, after its homeserver's (see
# moderation-bot-step.ts): logs the bot in once for its access token, written 0400 to the
# module's token file, and again only when the rotation is above the one applied (the old
# token is logged out); joins the management room and the protected rooms; starts the bot
# when its token is new. Helpers come from matrix-api.sh, sent ahead. Prints one JSON object
# {user, tokenCreated, managementRoom, joined} as its last stdout line.
set -euo pipefail

ARGS=${1:?usage: moderation-bot.sh '<json>'}
for tool in jq curl; do
    command -v "$tool" >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A "$tool.bin")/bin:$PATH"
done
eval "$(jq -r '@sh "HOST=\(.host) URL=\(.homeserverUrl) LOCALPART=\(.localpart) USER_ID=\(.userId) PASSWORD_FILE=\(.passwordFile)
    TOKEN=\(.tokenFile) STATE=\(.stateDir) ROTATION=\(.rotation) MANAGEMENT_ROOM=\(.managementRoom) UNIT=\(.unit)"' <<<"$ARGS")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
install -d -m 0700 "$STATE" "$(dirname "$TOKEN")"
applied_file="$STATE/rotation"

# Joins room $1 (ID or alias) as the bot; prints its room ID.
join() {
    local answer
    answer=$(echo '{}' | api POST "/_matrix/client/v3/join/$(uri "$1")" "$TOKEN")
    [ "$(status "$answer")" = 200 ] || fail "$USER_ID cannot join $1 (invite it, or make the room public): $(body "$answer" | head -c 300)"
    body "$answer" | jq -r '.room_id'
}

wait_for_homeserver
[ -r "$PASSWORD_FILE" ] || fail "the password file of $USER_ID is missing"
token_created=false
if [ ! -s "$TOKEN" ] || { [ -f "$applied_file" ] && [ "$(<"$applied_file")" -lt "$ROTATION" ]; }; then
    [ -s "$TOKEN" ] && cp -p "$TOKEN" "$WORK/old-token"
    login "$LOCALPART" "$PASSWORD_FILE" "$TOKEN"
    chmod 0400 "$TOKEN"
    if [ -s "$WORK/old-token" ]; then
        echo '{}' | api POST /_matrix/client/v3/logout "$WORK/old-token" >/dev/null || true
        log "logged $USER_ID in again for a new access token (rotation $ROTATION); the old one is logged out"
    else
        log "logged $USER_ID in for its access token"
    fi
    token_created=true
fi
echo "$ROTATION" >"$applied_file.tmp" && mv -f "$applied_file.tmp" "$applied_file"

answer=$(api GET /_matrix/client/v3/account/whoami "$TOKEN" </dev/null)
[ "$(body "$answer" | jq -r '.user_id // ""')" = "$USER_ID" ] ||
    fail "the access token of $USER_ID no longer works ($(status "$answer")): raise the bot's accessTokenRotation for a new one"
management=$(join "$MANAGEMENT_ROOM")
: >"$WORK/joined"
while IFS= read -r room; do
    join "$room" >/dev/null
    echo "$room" >>"$WORK/joined"
done < <(jq -r '.protectedRooms[]' <<<"$ARGS")

if [ "$token_created" = true ] && systemctl cat "$UNIT" >/dev/null 2>&1; then
    systemctl restart "$UNIT" || fail "$UNIT did not start: $(journalctl -u "$UNIT" -n 20 --no-pager 2>&1 | tail -c 1000)"
fi
jq -cn --arg user "$USER_ID" --argjson tokenCreated "$token_created" --arg room "$management" --rawfile joined "$WORK/joined" \
    '{user: $user, tokenCreated: $tokenCreated, managementRoom: $room, joined: ($joined | split("\n") | map(select(. != "")))}'
