#!/usr/bin/env bash
# Peak memory and CPU time of examples/settle on generated DRG years, streamed
# (-stream) and in memory, at 1M and 10M cases (issue 12). Needs GNU time
# (/usr/bin/time) and about 2.5 GB of disk per 10M cases; takes a few minutes.
# CPU is user + system seconds: the machine is shared and wall time varies.
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
printf '%-10s %-9s %12s %10s %10s\n' cases mode peak_MiB cpu_s wall_s
for n in "${sizes[@]}"; do
  d="$work/in-$n"
  "$work/generate" -seed 3 -cases "$n" -method drg -out "$d" >/dev/null
  for mode in stream memory; do
    flag=""; [ "$mode" = stream ] && flag="-stream"
    /usr/bin/time -f '%M %U %S %e' -o "$work/time" "$work/settle" $flag \
      -policy "$d/policy.json" -hospitals "$d/hospitals.csv" -cases "$d/cases.csv" \
      -weights "$d/weights.csv" -members "$d/members.csv" -spending "$d/spending.csv" \
      -adjustments "$d/adjustments.csv" -out "$work/out-$n-$mode" >/dev/null
    read -r kb user sys wall < "$work/time"
    printf '%-10s %-9s %12d %10.1f %10s\n' "$n" "$mode" $((kb / 1024)) "$(echo "$user + $sys" | bc)" "$wall"
  done
  cmp -s "$work/out-$n-stream/cases.csv" "$work/out-$n-memory/cases.csv" && echo "  $n: streamed and in-memory cases.csv identical"
  rm -rf "$d" "$work"/out-*
done
