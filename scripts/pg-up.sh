#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the tests and prints
# the line to export its DSN:
#   eval "$(scripts/pg-up.sh)"   # sets DIPDRG_PG_DSN and DIPDRG_PG_DIR
#   go test ./store/postgres ...
#   scripts/pg-down.sh
# Needs Debian's postgresql package (apt-get install postgresql). As root,
# the server runs as the postgres user (initdb refuses root).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "pg-up: no PostgreSQL server (apt-get install postgresql)" >&2; exit 1
fi
dir=$(mktemp -d /tmp/dipdrg-pg.XXXXXX)
port=${DIPDRG_PG_PORT:-54329}
# The first free port from there (a connection that is refused means free).
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
run=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  run=(runuser -u postgres --)
fi
"${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
"${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres dipdrg
echo "export DIPDRG_PG_DSN=postgres://postgres@127.0.0.1:$port/dipdrg?sslmode=disable DIPDRG_PG_DIR=$dir"
