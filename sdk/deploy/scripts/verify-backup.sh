#!/usr/bin/env bash
# Check function of verify.sh for the host's own backup: the age of the last successful run,
# or of the setup when there has been none yet, and whether the last run failed. The same
# rule as the switch step's backup health.
set -euo pipefail

check_backup() {
    local stamp since_file unit max since last age
    eval "$(jq -r '@sh "stamp=\(.stampFile) since_file=\(.sinceFile) unit=\(.unit) max=\(.maxAgeHours)"' <<<"$1")"
    [ -r "$since_file" ] || { echo "backups are not set up on this host ($since_file is missing; the switch step writes it)"; return 1; }
    since=$(cat "$since_file")
    last=$(stat -c %Y "$stamp" 2>/dev/null || echo "$since")
    age=$(( ($(date +%s) - last) / 3600 ))
    if [ "$age" -ge "$max" ]; then
        if [ -e "$stamp" ]; then echo "no successful backup for ${age}h (limit ${max}h), see $unit"
        else echo "no backup since backups were set up ${age}h ago (limit ${max}h), see $unit"; fi
        return 1
    fi
    if systemctl is-failed --quiet "$unit"; then
        echo "the last run of $unit failed"
        return 1
    fi
    if [ -e "$stamp" ]; then echo "last success ${age}h ago"; else echo "none yet, set up ${age}h ago"; fi
}
