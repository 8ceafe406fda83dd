#!/usr/bin/env bash
# Check functions of verify.sh that speak HTTP: the bridge ping, federation as another server
# resolves it, client discovery and Element's config.json. Each prints its evidence and
# returns non-zero on failure. Never prints a secret.
set -euo pipefail

# curl with the run's name overrides and CA; extra arguments follow. Headers come on stdin
# (`-K -`) so a token never reaches the command line.
fetch() {
    local url=$1 hostport host port addr
    shift
    hostport=${url#*://}; hostport=${hostport%%/*}; host=${hostport%:*}; port=443
    [ "$host" = "$hostport" ] || port=${hostport##*:}
    local extra=()
    addr=$(jq -r --arg h "$host" '.resolve[$h] // empty' <<<"$ARGS")
    [ -z "$addr" ] || extra+=(--resolve "$host:$port:$addr")
    [ -z "$CA_FILE" ] || extra+=(--cacert "$CA_FILE")
    curl -sS --max-time 10 "${extra[@]}" "$@" "$url"
}

check_bridge() {
    local url token code
    url="$(jq -r '.homeserverUrl' <<<"$1")/_matrix/client/v1/appservice/$(jq -r '.appserviceId' <<<"$1")/ping"
    token=$(read_secret "$(jq -c '.asToken' <<<"$1")") || { echo "$token"; return 1; }
    code=$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
        fetch "$url" -K - -o "$WORK/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
            -d '{"transaction_id":"nixos-matrix-verify"}') || { echo "POST $url failed"; return 1; }
    [ "$code" = 200 ] || { echo "POST $url answered $code: $(head -c 300 "$WORK/body")"; return 1; }
    echo "ping answered 200 in $(jq -r '.duration_ms // "?"' "$WORK/body") ms"
}

check_federation() {
    local server delegated key_id key name err
    server=$(jq -r '.serverName' <<<"$1")
    if fetch "https://$server/.well-known/matrix/server" -f -o "$WORK/wk" 2>/dev/null &&
        delegated=$(jq -er '."m.server" | strings' "$WORK/wk"); then :
    else
        delegated="$server:8448"
    fi
    [[ $delegated == *:* ]] || delegated="$delegated:8448"
    err=$(fetch "https://$delegated/_matrix/federation/v1/version" -f -o "$WORK/version" 2>&1) || { echo "GET https://$delegated/_matrix/federation/v1/version failed: $err"; return 1; }
    err=$(fetch "https://$delegated/_matrix/key/v2/server" -f -o "$WORK/key" 2>&1) || { echo "GET https://$delegated/_matrix/key/v2/server failed: $err"; return 1; }
    name=$(jq -r '.server_name' "$WORK/key")
    [ "$name" = "$server" ] || { echo "key of $delegated is for server_name '$name', not '$server'"; return 1; }
    key_id=$(jq -r --arg s "$server" '.signatures[$s] // {} | keys[] | select(startswith("ed25519:"))' "$WORK/key" | head -n1)
    [ -n "$key_id" ] || { echo "key of $delegated carries no ed25519 signature by $server"; return 1; }
    key=$(jq -r --arg k "$key_id" '.verify_keys[$k].key // empty' "$WORK/key")
    [ -n "$key" ] || { echo "key of $delegated has no verify key $key_id"; return 1; }
    jq -cjS 'del(.signatures, .unsigned)' "$WORK/key" >"$WORK/signed"
    jq -r --arg s "$server" --arg k "$key_id" '.signatures[$s][$k]' "$WORK/key" | unpadded_base64 -d >"$WORK/sig"
    { printf '\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00'; unpadded_base64 -d <<<"$key"; } >"$WORK/pub.der"
    openssl pkeyutl -verify -pubin -keyform DER -inkey "$WORK/pub.der" -rawin -in "$WORK/signed" -sigfile "$WORK/sig" >/dev/null 2>&1 ||
        { echo "the $key_id signature on the key of $delegated does not verify"; return 1; }
    echo "$server delegates to $delegated ($(jq -r '.server | "\(.name) \(.version)"' "$WORK/version")), key $key_id verifies"
}

unpadded_base64() {
    local text
    text=$(tr -d '\n' | tr -- '-_' '+/')
    while [ $((${#text} % 4)) -ne 0 ]; do text+="="; done
    base64 "$@" <<<"$text"
}

check_client_discovery() {
    local server want got err
    server=$(jq -r '.serverName' <<<"$1"); want=$(jq -r '.homeserverUrl' <<<"$1")
    err=$(fetch "https://$server/.well-known/matrix/client" -f -D "$WORK/headers" -o "$WORK/wk" 2>&1) || { echo "GET https://$server/.well-known/matrix/client failed: $err"; return 1; }
    got=$(jq -r '."m.homeserver".base_url // empty | sub("/+$"; "")' "$WORK/wk" 2>/dev/null || true)
    [ "$got" = "$want" ] || { echo "names homeserver '$got', not '$want'"; return 1; }
    grep -qi '^access-control-allow-origin: *\*' "$WORK/headers" || { echo "answers without Access-Control-Allow-Origin: *"; return 1; }
    echo "names $got, with CORS"
}

check_element() {
    local domain want got err
    domain=$(jq -r '.domain' <<<"$1"); want=$(jq -r '.homeserverUrl' <<<"$1")
    err=$(fetch "https://$domain/config.json" -f -o "$WORK/config" 2>&1) || { echo "GET https://$domain/config.json failed: $err"; return 1; }
    got=$(jq -r '.default_server_config."m.homeserver".base_url // empty | sub("/+$"; "")' "$WORK/config" 2>/dev/null || true)
    [ "$got" = "$want" ] || { echo "config.json names homeserver '$got', not '$want'"; return 1; }
    echo "config.json names $got"
}
