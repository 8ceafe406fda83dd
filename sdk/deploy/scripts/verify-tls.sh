#!/usr/bin/env bash
# Check functions of verify.sh below HTTP: TURN (a relay allocated with credentials computed from
# the shared secret, a denied peer refused) and certificates. Also how a check reads a secret.
set -euo pipefail

# A secret from a file on this host: `{file, format: raw|yaml|env, key}`.
read_secret() {
    local file format key value
    file=$(jq -r '.file' <<<"$1"); format=$(jq -r '.format' <<<"$1"); key=$(jq -r '.key // ""' <<<"$1")
    [ -r "$file" ] || { echo "cannot read $file"; return 1; }
    case $format in
        raw) value=$(cat "$file") ;;
        yaml) value=$(sed -n "s/^$key: *//p" "$file" | head -n1) ;;
        env) value=$(sed -n "s/^$key=//p" "$file" | head -n1) ;;
    esac
    value=${value#[\'\"]}; value=${value%[\'\"]}
    [ -n "$value" ] || { echo "$file holds no $key"; return 1; }
    printf '%s' "$value"
}

# The address a name is reached at: the run's override, else DNS.
address_of() {
    local addr
    addr=$(jq -r --arg h "$1" '.resolve[$h] // empty' <<<"$ARGS")
    [ -n "$addr" ] || addr=$(getent ahostsv4 "$1" | awk 'NR == 1 { print $1 }')
    [ -n "$addr" ] || { echo "$1 does not resolve"; return 1; }
    echo "$addr"
}

check_turn() {
    local realm port peer secret user password addr out relay
    realm=$(jq -r '.realm' <<<"$1"); port=$(jq -r '.port' <<<"$1"); peer=$(jq -r '.deniedPeer' <<<"$1")
    secret=$(read_secret "$(jq -c '.sharedSecret' <<<"$1")") || { echo "$secret"; return 1; }
    addr=$(address_of "$realm") || { echo "$addr"; return 1; }
    # TURN REST API credentials, as the homeserver computes them for its clients.
    user="$(($(date +%s) + 600)):nixos-matrix-verify"
    password=$(printf '%s' "$user" | openssl dgst -sha1 -hmac "$secret" -binary | base64)
    out=$(timeout 30 turnutils_uclient -v -n 1 -e "$peer" -p "$port" -u "$user" -w "$password" "$addr" 2>&1 || true)
    relay=$(sed -n 's/.*Received relay addr: \([^ ]*\).*/\1/p' <<<"$out" | head -n1)
    [ -n "$relay" ] || { echo "no relay allocated on $realm ($addr:$port): $(grep -m1 -iE 'error|fail' <<<"$out" || tail -n1 <<<"$out")"; return 1; }
    grep -q '403 (Forbidden IP)' <<<"$out" || { echo "relay $relay on $realm, but the denied peer $peer was not refused"; return 1; }
    echo "relay $relay allocated on $realm ($addr:$port), denied peer $peer refused"
}

check_certificate() {
    local name port min addr issuer end ca=()
    name=$(jq -r '.name' <<<"$1"); port=$(jq -r '.port' <<<"$1"); min=$(jq -r '.minDays' <<<"$1")
    addr=$(address_of "$name") || { echo "$addr"; return 1; }
    [ -z "$CA_FILE" ] || ca=(-CAfile "$CA_FILE")
    if ! openssl s_client -connect "$addr:$port" -servername "$name" -showcerts "${ca[@]}" </dev/null >"$WORK/tls" 2>&1; then
        echo "no TLS on $name:$port ($addr): $(grep -m1 -iE 'error|errno' "$WORK/tls" || true)"; return 1
    fi
    openssl x509 -in "$WORK/tls" -noout 2>/dev/null || { echo "$name:$port sent no certificate"; return 1; }
    issuer=$(openssl x509 -in "$WORK/tls" -noout -issuer | sed 's/^issuer= *//')
    end=$(openssl x509 -in "$WORK/tls" -noout -enddate | sed 's/^notAfter=//')
    if [[ $issuer == *STAGING* ]]; then
        [ "$STAGING" = true ] || { echo "$name:$port serves a staging certificate ($issuer) on a production stack"; return 1; }
        echo "staging certificate (as configured) from $issuer, valid until $end"; return 0
    fi
    grep -q 'Verify return code: 0 (ok)' "$WORK/tls" ||
        { echo "$name:$port chain does not verify: $(grep -m1 'Verify return code' "$WORK/tls")"; return 1; }
    openssl x509 -in "$WORK/tls" -noout -checkend $((min * 86400)) >/dev/null ||
        { echo "$name:$port certificate expires $end, within $min days"; return 1; }
    echo "valid chain from $issuer until $end"
}
