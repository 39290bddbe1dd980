#!/usr/bin/env bash
# Builds and runs every test, as CI does:
#   1. g++ Release: build, then every GoogleTest suite under ctest;
#   2. clang++ Debug: build kcsim, and check that every shipped scenario gives the same
#      trace hash as the g++ Release build (tools/check-determinism.sh);
#   3. g++ with AddressSanitizer and UndefinedBehaviorSanitizer: every test again.
# `tools/test.sh quick` runs step 1 only. Uses ccache when it is there.
#
# A clean run must stay well inside CI's 90 minutes on 2 cores, and compiling is most of
# it. So steps 1 and 3 are unity builds (CMAKE_UNITY_BUILD: a target's files compiled
# eight to a translation unit, which parses the headers and instantiates the templates
# they share once rather than eight times: about 2.4 times less CPU), and step 3 compiles
# at -O1 -g1 (about 40% less than -O2 -g; AddressSanitizer's docs ask for -O1 or
# higher). Step 2 compiles file by file, so a file that does not include what it uses
# still fails there.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
jobs="$(nproc)"

tools/setup.sh
# setup.sh installed Chromium: the report tests in a browser must run, not skip.
export KCSIM_REQUIRE_CHROMIUM=1
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/kcsim-ccache}"

step() { printf '\n=== %s\n' "$*"; }

step "g++ Release: build and test"
cmake -S . -B build/gcc-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER=g++ -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build build/gcc-release -j "$jobs"
(cd build/gcc-release && ctest --output-on-failure -j "$jobs" --timeout 900)

[ "$mode" = quick ] && exit 0

step "clang++ Debug: build, and compare trace hashes with g++ Release"
cmake -S . -B build/clang-debug -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER=clang++ -DKCSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build/clang-debug -j "$jobs"
tools/check-determinism.sh build/gcc-release/tools/kcsim build/clang-debug/tools/kcsim

step "g++ with AddressSanitizer and UndefinedBehaviorSanitizer: test"
cmake -S . -B build/gcc-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_CXX_COMPILER=g++ \
  -DKCSIM_SANITIZE=ON -DKCSIM_BUILD_BENCH=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build build/gcc-asan -j "$jobs"
(cd build/gcc-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs" --timeout 1800)
