#!/usr/bin/env bash
# Restores a host's state from its backup repository: {"host", "snapshot"?, "manifest"?}.
# The host runs the stack's configuration already (after `pulumi up`, also on a new VM), so
# its backup manifest, repository password and credentials are in place. Each "# step:" line
# is what `nixos-matrix restore` prints.
set -euo pipefail

ARGS=${1:?usage: restore.sh '<json>'}
eval "$(jq -r '@sh "HOST=\(.host) SNAPSHOT=\(.snapshot // "latest") MANIFEST=\(.manifest // "/etc/nixos-matrix/backup.json")"' <<<"$ARGS")"
fail() { echo "restore[$HOST]: $*" >&2; exit 1; }
say() { echo "restore[$HOST]: $*"; }
[ -f "$MANIFEST" ] || fail "$MANIFEST is missing: deploy the stack with backups to this host first"
M=$(cat "$MANIFEST")
field() { jq -r "$1 // empty" <<<"$M"; }

export RESTIC_REPOSITORY RESTIC_PASSWORD_FILE
RESTIC_REPOSITORY=$(field .repository)
RESTIC_PASSWORD_FILE=$(field .passwordFile)
ENV_FILE=$(field .environmentFile)
SSH_COMMAND=$(field .sshCommand)
STAGING=$(field .stagingDir)
RESTIC=(restic)
[ -z "$SSH_COMMAND" ] || RESTIC+=(-o "sftp.command=$SSH_COMMAND")
# shellcheck disable=SC1090 # the host's S3 credentials, KEY=value lines
if [ -n "$ENV_FILE" ]; then set -a; . "$ENV_FILE"; set +a; fi

# step: find the snapshot in the host's repository
ID=$("${RESTIC[@]}" snapshots --json "$SNAPSHOT" | jq -r 'last | .short_id // empty')
[ -n "$ID" ] || fail "no snapshot $SNAPSHOT in $RESTIC_REPOSITORY"
say "snapshot $ID"
WORK=$(mktemp -d /var/tmp/nixos-matrix-restore.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# step: restore the snapshot into a scratch directory
"${RESTIC[@]}" restore "$ID" --target "$WORK" >/dev/null

UNITS=()
if [ -n "$(field .synapse.dataDir)" ]; then UNITS+=(matrix-synapse.service); fi
while IFS= read -r unit; do UNITS+=("$unit"); done < <(jq -r '.coldCopies[].unit' <<<"$M")

# step: stop the services whose state is restored
for unit in "${UNITS[@]}"; do systemctl stop "$unit"; done

# Replaces directory $1 with the restored copy $2, owned like $1 was (or by $3). $1 may be
# the link systemd keeps for a DynamicUser state directory: its target is what is replaced.
replace_dir() {
    local owner
    [ -d "$2" ] || fail "the snapshot holds no $2"
    owner=$(stat -L -c %U:%G "$1" 2>/dev/null || echo "${3:-root:root}")
    mkdir -p "$1"
    find "$1/" -mindepth 1 -delete
    cp -a "$2/." "$1/"
    chown -R -H "$owner" "$1"
}

# Puts back the record old-signing-keys.sh kept in directory $1 (none: nothing), readable by group $2.
restore_old_keys() {
    [ -n "$1" ] && [ -f "$WORK$1/old-signing-keys.yaml" ] || return 0
    install -d -m 0755 "$1"
    install -m 0440 -o "$(id -un)" -g "$2" "$WORK$1/old-signing-keys.yaml" "$1/old-signing-keys.yaml"
}

DATA=$(field .synapse.dataDir)
if [ -n "$DATA" ]; then
    DB=$(field .synapse.database)
    PG=$(field .synapse.postgresBin)
    # step: Synapse: load the dump into a new, empty database (C collation, as Synapse needs)
    runuser -u postgres -- "$PG/dropdb" --if-exists "$DB"
    runuser -u postgres -- "$PG/createdb" --owner=matrix-synapse --encoding=UTF8 --locale=C --template=template0 "$DB"
    runuser -u postgres -- "$PG/pg_restore" --exit-on-error --no-owner --role=matrix-synapse -d "$DB" <"$WORK$STAGING/synapse.pgdump"
    # step: Synapse: put back the media store and the signing key, owned by matrix-synapse
    replace_dir "$DATA/media_store" "$WORK$DATA/media_store" matrix-synapse:matrix-synapse
    install -m 0600 -o matrix-synapse -g matrix-synapse "$WORK$DATA/homeserver.signing.key" "$DATA/homeserver.signing.key"
    # step: Synapse with workers across hosts: put back the record of its own key as an old key
    restore_old_keys "$(field .synapse.oldSigningKeysDir)" matrix-synapse
fi

# step: the Conduit family and bridges: put back each state directory, owned as on this host
while IFS=$'\t' read -r name dir; do
    replace_dir "$dir" "$WORK$STAGING/$name"
done < <(jq -r '.coldCopies[] | [.name, .dir] | @tsv' <<<"$M")

# step: start the services again
for unit in "${UNITS[@]}"; do systemctl start "$unit"; done

# step: verify: every restored service is active
for unit in "${UNITS[@]}"; do
    for _ in $(seq 60); do systemctl is-active --quiet "$unit" && break; sleep 1; done
    systemctl is-active --quiet "$unit" || fail "$unit did not come back: $(systemctl is-active "$unit" || true)"
done
say "restored snapshot $ID; ${UNITS[*]} active"
