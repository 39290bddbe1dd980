#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs the event-queue hold model, printing each
# kernel benchmark's throughput as a ratio of the Baseline's measured in the same run.
# Extra arguments go to the benchmark (e.g. --benchmark_min_time=2).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DKCSIM_BUILD_TESTS=OFF >/dev/null
cmake --build build/bench --target event_queue_bench etcd_bench >/dev/null
${KCSIM_BENCH_BIN:-build/bench/bench/event_queue_bench} --benchmark_format=csv --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true "$@" 2>/dev/null |
  awk -F, '
    # CSV columns: name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,...
    /_median"?,/ {
      name = $1; gsub(/"/, "", name); sub(/_median$/, "", name)
      split(name, part, "/")
      items[part[1] "/" part[2]] = $7; kinds[part[1]] = 1; sizes[part[2]] = 1
    }
    END {
      for (k in kinds) for (n in sizes) {
        base = items["BM_BaselineBinaryHeapHold/" n]
        if (items[k "/" n] == "" || base == "") continue
        printf "%-28s %10s %14.3e %7.2fx\n", k, n, items[k "/" n], items[k "/" n] / base
      }
    }' | sort -k1,1 -k2,2n
echo "(columns: benchmark, events pending, events per second, ratio to the bare binary heap)"
