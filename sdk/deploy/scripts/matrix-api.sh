#!/usr/bin/env bash
# Client-API helpers of the bootstrap steps (bootstrap.sh, moderation-bot.sh), sent ahead of
# them. They read $URL (the homeserver's client API) and $WORK (a private temporary directory).
# Secrets travel on stdin or in files: a token goes to curl as a header file, a password to
# jq as --rawfile, and none reaches a command line or the log.
set -euo pipefail

log() { echo "bootstrap[$HOST]: $*" >&2; }
fail() { log "$*"; exit 1; }

# Sends stdin (JSON) with method $1 to path $2, with the token in file $3 if given; prints the
# body (Synapse answers on one line), then the HTTP status on the next.
api() {
    local auth=()
    if [ -n "${3:-}" ]; then
        printf 'Authorization: Bearer %s\n' "$(<"$3")" >"$WORK/auth"
        auth=(-H "@$WORK/auth")
    fi
    curl -sS --max-time 30 -X "$1" -H 'Content-Type: application/json' "${auth[@]}" --data-binary @- \
        -w '\n%{http_code}' "$URL$2"
}
body() { head -n 1 <<<"$1"; }
status() { tail -n 1 <<<"$1"; }
# Percent-encodes $1 for a URL path segment (room aliases and user IDs).
uri() { jq -rn --arg v "$1" '$v | @uri'; }

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

# Logs in as $1 with the password in file $2; writes the access token to file $3 (0400, atomically).
login() {
    local answer
    answer=$(jq -n --arg user "$1" --rawfile password "$2" \
        '{type: "m.login.password", identifier: {type: "m.id.user", user: $user}, password: $password}' |
        api POST /_matrix/client/v3/login)
    [ "$(status "$answer")" = 200 ] || fail "login as $1 failed: $(body "$answer" | head -c 300)"
    (umask 077 && body "$answer" | jq -j '.access_token' >"$3.tmp")
    mv -f "$3.tmp" "$3"
}

# Waits up to a minute for the client API to answer.
wait_for_homeserver() {
    for _ in $(seq 60); do
        curl -sS --fail --max-time 5 "$URL/_matrix/client/versions" >/dev/null 2>&1 && return 0
        sleep 1
    done
    fail "the homeserver at $URL does not answer"
}
