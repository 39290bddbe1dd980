#!/usr/bin/env bash
# Runs the libFuzzer target over the scenario parser and --set for SECONDS (default 300)
# at the lowest priority, starting from tests/fuzz/corpus and the format's dictionary.
# New inputs go to a scratch folder, never into the repository's corpus; a crashing
# input is written there as crash-<sha1> and named on exit. Fix the crash, then copy the
# input into tests/fuzz/corpus/ (with a name saying what it was) so that the corpus
# regression test (fuzz_corpus_tests, every build) keeps it fixed.
#
#   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DKCSIM_FUZZ=ON \
#         -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKCSIM_BUILD_BENCH=OFF
#   cmake --build build/fuzz -j 2 --target scenario_fuzzer
#   tests/fuzz/run_fuzzer.sh [SECONDS] [BUILD_DIR]
set -euo pipefail
seconds=${1:-300}
build=${2:-build/fuzz}
root=$(cd "$(dirname "$0")/../.." && pwd)
fuzzer=$build/tests/fuzz/scenario_fuzzer
[ -x "$fuzzer" ] || { echo "run_fuzzer: no $fuzzer (build it with -DKCSIM_FUZZ=ON)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/kcsim-fuzz.XXXXXX")
echo "run_fuzzer: new inputs and crashes in $work" >&2
status=0
nice -n 19 "$fuzzer" "$work" "$root/tests/fuzz/corpus" -dict="$root/tests/fuzz/scenario.dict" \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/" -print_final_stats=1 || status=$?
ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-* 2>/dev/null || true
exit "$status"
