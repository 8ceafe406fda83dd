#!/usr/bin/env bash
# Keeps the signing key Synapse made on its first start verifiable once its processes sign
# with the shared key of workers across hosts: writes the public half of every key in
# Synapse's own key file but the shared one as `old_signing_keys` (expired now) into
# <configDir>/old-signing-keys.yaml, a directory Synapse reads as a config path. Runs before
# the homeserver host's switch. A present file is kept: the first record is the true one,
# later runs change nothing. Seeds never leave the key file: they go from `read` through a
# pipe to openssl, never on a command line or into another file; only public keys are printed.
set -euo pipefail

ARGS=${1:?usage: old-signing-keys.sh '<json>'}
command -v jq >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A jq.bin)/bin:$PATH"
command -v openssl >/dev/null || PATH="$(nix-build --no-out-link '<nixpkgs>' -A openssl.bin)/bin:$PATH"
eval "$(jq -r '@sh "HOST=\(.host) OWN_KEY=\(.ownKeyFile) SHARED=\(.sharedKeyId) DIR=\(.configDir) GROUP=\(.group)"' <<<"$ARGS")"
fail() { echo "old-signing-keys[$HOST]: $*" >&2; exit 1; }
for p in "$OWN_KEY" "$DIR"; do
    case "$p" in /?*) ;; *) fail "not an absolute path: '$p'" ;; esac
done
FILE=$DIR/old-signing-keys.yaml

# Public keys only: the directory may be listed by anyone, Synapse must be able to.
install -d -m 0755 -o root -g root "$DIR"
if [ -f "$FILE" ]; then
    chown "root:$GROUP" "$FILE"
    chmod 0440 "$FILE"
    echo "old-signing-keys[$HOST]: kept $FILE"
    exit 0
fi
if [ ! -f "$OWN_KEY" ]; then
    echo "old-signing-keys[$HOST]: no key at $OWN_KEY, nothing to keep"
    exit 0
fi

# The Ed25519 public key of the seed on stdin (unpadded base64), as unpadded base64: the seed
# as an RFC 8410 PKCS#8 private key (fixed 16-byte prefix, then the 32 bytes), public key out
# in DER, whose last 32 bytes are the key.
verify_key() {
    { printf '\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20'; base64 -d; } |
        openssl pkey -inform DER -pubout -outform DER | tail -c 32 | base64 -w0 | tr -d '='
}

NOW=$(($(date +%s) * 1000))
KEYS='{}'
while read -r alg version seed; do
    [ -n "${alg:-}" ] || continue
    [ "$alg" = ed25519 ] || fail "$OWN_KEY: a key of algorithm '$alg', not ed25519"
    [ "$version" != "$SHARED" ] || continue
    case $((${#seed} % 4)) in 2) seed+="==" ;; 3) seed+="=" ;; esac
    public=$(printf '%s' "$seed" | verify_key) || fail "$OWN_KEY: the seed of ed25519:$version is not an Ed25519 seed"
    [ "${#public}" = 43 ] || fail "$OWN_KEY: the seed of ed25519:$version is not an Ed25519 seed"
    KEYS=$(jq -c --arg id "ed25519:$version" --arg key "$public" --argjson ts "$NOW" '. + {($id): {key: $key, expired_ts: $ts}}' <<<"$KEYS")
    echo "old-signing-keys[$HOST]: ed25519:$version, public key $public, kept as an old key"
done <"$OWN_KEY"
unset seed
if [ "$KEYS" = '{}' ]; then
    echo "old-signing-keys[$HOST]: $OWN_KEY holds only the shared key, nothing to keep"
    exit 0
fi
getent group "$GROUP" >/dev/null || fail "group $GROUP does not exist, but $OWN_KEY does: Synapse could not read $FILE"

TMP=$(mktemp "$DIR/.old-signing-keys.XXXXXX")
trap 'rm -f "$TMP"' EXIT
jq --argjson keys "$KEYS" -n '{old_signing_keys: $keys}' >"$TMP"
chown "root:$GROUP" "$TMP"
chmod 0440 "$TMP"
mv -f "$TMP" "$FILE"
trap - EXIT
echo "old-signing-keys[$HOST]: wrote $FILE"
