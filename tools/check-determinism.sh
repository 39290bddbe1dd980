#!/usr/bin/env bash
# Checks that two kcsim binaries (say g++ Release and clang++ Debug) give the same trace
# hash for every shipped scenario, at its own seed and at two more. The runs are
# independent, so they go in parallel, one per core (KCSIM_JOBS overrides); the report
# is in the scenarios' sorted order whatever order they finish in.
# Usage: tools/check-determinism.sh KCSIM_A KCSIM_B [SCENARIO_DIR]
set -euo pipefail
a="$1"
b="$2"
dir="${3:-$(dirname "$0")/../scenarios}"
jobs="${KCSIM_JOBS:-$(nproc)}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# One entry per scenario and seed: "FILE|SEED_ARG" ("" for the scenario's own seed).
runs=()
while IFS= read -r file; do
  for seed_arg in "" "--seed 2" "--seed 3"; do
    runs+=("$file|$seed_arg")
  done
done < <(find "$dir" -name '*.yaml' | sort)

run_one() {  # run_one OUT_DIR NAME BINARY FILE SEED_ARG: the last line to NAME, stderr beside
  # shellcheck disable=SC2086
  "$3" run "$4" $5 --quiet 2>"$1/$2.err" | tail -n 1 >"$1/$2" || true
}
export -f run_one
for i in "${!runs[@]}"; do
  IFS='|' read -r file seed_arg <<<"${runs[$i]}"
  printf '%s\0%s\0%s\0%s\0%s\0' "$out" "$i.a" "$a" "$file" "$seed_arg"
  printf '%s\0%s\0%s\0%s\0%s\0' "$out" "$i.b" "$b" "$file" "$seed_arg"
done | xargs -0 -n 5 -P "$jobs" bash -c 'run_one "$@"' _

status=0
for i in "${!runs[@]}"; do
  IFS='|' read -r file seed_arg <<<"${runs[$i]}"
  ha="$(cat "$out/$i.a")"
  hb="$(cat "$out/$i.b")"
  if [ "$ha" != "$hb" ] || [ "${ha#trace_hash }" = "$ha" ]; then
    echo "DIFFER $file $seed_arg: '$ha' vs '$hb'"
    head -n 5 "$out/$i.a.err" "$out/$i.b.err"
    status=1
  fi
done
if [ "$status" -eq 0 ]; then
  echo "determinism: ${#runs[@]} runs, same trace hash from both builds"
else
  echo "determinism: trace hashes differ between builds" >&2
fi
exit "$status"
