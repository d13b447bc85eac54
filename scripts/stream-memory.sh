#!/usr/bin/env bash
# Peak memory of the streaming settlement (examples/settle -stream) against the
# in-memory run, at 1M and 10M generated cases (issue 7). Needs GNU time
# (/usr/bin/time) and about 2.5 GB of disk per 10M cases; takes a few minutes.
#
#   scripts/stream-memory.sh [sizes...]      default: 1000000 10000000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -eq 0 ] && sizes=(1000000 10000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/generate" ./examples/generate
go build -o "$work/settle" ./examples/settle
printf '%-10s %-9s %12s %10s\n' cases mode peak_MiB seconds
for n in "${sizes[@]}"; do
  d="$work/in-$n"
  "$work/generate" -seed 3 -cases "$n" -method drg -out "$d" >/dev/null
  for mode in stream memory; do
    flag=""; [ "$mode" = stream ] && flag="-stream"
    /usr/bin/time -f '%M %e' -o "$work/time" "$work/settle" $flag \
      -policy "$d/policy.json" -hospitals "$d/hospitals.csv" -cases "$d/cases.csv" \
      -weights "$d/weights.csv" -members "$d/members.csv" -spending "$d/spending.csv" \
      -adjustments "$d/adjustments.csv" -out "$work/out-$n-$mode" >/dev/null
    read -r kb secs < "$work/time"
    printf '%-10s %-9s %12d %10s\n' "$n" "$mode" $((kb / 1024)) "$secs"
  done
  cmp -s "$work/out-$n-stream/cases.csv" "$work/out-$n-memory/cases.csv" && echo "  $n: streamed and in-memory cases.csv identical"
  rm -rf "$d" "$work"/out-*
done
