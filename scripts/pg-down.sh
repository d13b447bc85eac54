#!/usr/bin/env bash
# Stops the server scripts/pg-up.sh started and removes its folder.
set -euo pipefail
dir=${DIPDRG_PG_DIR:?DIPDRG_PG_DIR is not set: eval "\$(scripts/pg-up.sh)" first}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
run=()
[ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
rm -rf "$dir"
