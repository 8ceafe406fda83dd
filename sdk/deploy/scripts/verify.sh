#!/usr/bin/env bash
# Proves from this host that the stack's Matrix works as its users see it: runs each check of
# the argument (see contract.ts, VerifyArgs), logs one line per check on stderr, prints the
# results as one JSON array on stdout and fails, with the evidence, when any check failed.
# The check functions come from verify-http.sh and verify-tls.sh, sent ahead of this file.
set -euo pipefail

ARGS=${1:?usage: verify.sh '<json>'}
# Tools from the pinned nixpkgs where the host lacks them; a check whose tool is missing fails.
for tool in jq curl openssl turnutils_uclient; do
    if command -v "$tool" >/dev/null || ! command -v nix-build >/dev/null; then continue; fi
    attr=$(case $tool in jq) echo jq.bin ;; openssl) echo openssl.bin ;; turnutils_uclient) echo coturn ;; *) echo "$tool.bin" ;; esac)
    PATH="$(nix-build --no-out-link '<nixpkgs>' -A "$attr")/bin:$PATH"
done
command -v jq >/dev/null || { echo "verify: jq is missing" >&2; exit 1; }
RUNNER=$(jq -r '.host' <<<"$ARGS")
STAGING=$(jq -r '.staging' <<<"$ARGS")
CA_FILE=$(jq -r '.caFile // ""' <<<"$ARGS")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export ARGS STAGING CA_FILE WORK

: >"$WORK/results"
failed=0 total=0
while IFS= read -r check; do
    kind=$(jq -r '.kind' <<<"$check"); name=$(jq -r '.check' <<<"$check"); host=$(jq -r '.host' <<<"$check")
    ok=true
    detail=$("check_${kind//-/_}" "$check" 2>&1) || ok=false
    detail=$(tr '\n' ' ' <<<"$detail" | head -c 500 | sed 's/ *$//')
    total=$((total + 1))
    if [ "$ok" = true ]; then
        echo "verify[$RUNNER] ok     $name (host $host): $detail" >&2
    else
        failed=$((failed + 1))
        echo "verify[$RUNNER] FAILED $name (host $host): $detail" >&2
    fi
    jq -cn --arg check "$name" --arg host "$host" --argjson ok "$ok" --arg detail "$detail" \
        '{check: $check, host: $host, ok: $ok, detail: $detail}' >>"$WORK/results"
done < <(jq -c '.checks[]' <<<"$ARGS")

jq -cs . "$WORK/results"
if [ "$failed" -gt 0 ]; then
    echo "verify[$RUNNER]: $failed of $total checks failed" >&2
    exit 1
fi
echo "verify[$RUNNER]: all $total checks passed" >&2
