#!/usr/bin/env bash
# The main job: builds kcsim (Release) and runs the headline scenario, writing its
# report into the folder given (default out/main): report.html (open it in a browser),
# summary.json, metrics.csv, trace.jsonl. Exit code: the run's (0 passed, 1 a check failed, 2 bad input).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/main}"
scenario="${KCSIM_MAIN_SCENARIO:-scenarios/failover/etcd-leader-crash.yaml}"

tools/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DKCSIM_BUILD_TESTS=OFF -DKCSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build/release --target kcsim
build/release/tools/kcsim run "$scenario" --out "$out" --trace
