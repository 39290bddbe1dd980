#!/usr/bin/env bash
# Checks that two kcsim binaries (say g++ Release and clang++ Debug) give the same trace
# hash for every shipped scenario, at its own seed and at two more.
# Usage: tools/check-determinism.sh KCSIM_A KCSIM_B [SCENARIO_DIR]
set -euo pipefail
a="$1"
b="$2"
dir="${3:-$(dirname "$0")/../scenarios}"
status=0
count=0
while IFS= read -r file; do
  for seed_arg in "" "--seed 2" "--seed 3"; do
    # shellcheck disable=SC2086
    ha=$("$a" run "$file" $seed_arg --quiet | tail -n 1) || true
    # shellcheck disable=SC2086
    hb=$("$b" run "$file" $seed_arg --quiet | tail -n 1) || true
    count=$((count + 1))
    if [ "$ha" != "$hb" ] || [ "${ha#trace_hash }" = "$ha" ]; then
      echo "DIFFER $file $seed_arg: '$ha' vs '$hb'"
      status=1
    fi
  done
done < <(find "$dir" -name '*.yaml' | sort)
if [ "$status" -eq 0 ]; then
  echo "determinism: $count runs, same trace hash from both builds"
else
  echo "determinism: trace hashes differ between builds" >&2
fi
exit "$status"
