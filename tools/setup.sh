#!/usr/bin/env bash
# Installs the Debian packages kcsim needs to build and test, when any is missing.
# Runs apt-get as root, or through sudo. Safe to run again: it installs nothing when
# everything is there.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang ccache
  libboost-graph-dev libeigen3-dev libcli11-dev libspdlog-dev libfmt-dev
  libyaml-cpp-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  # the reports: the charting library embedded in report.html, and the browser that
  # tests it (tests/reports/browser) with a font to draw its text
  libjs-dygraphs chromium fonts-dejavu-core
  # `kcsim schema` is tested against every scenario with Python's JSON Schema validator
  # (tests/tools/scenario_schema_test.py)
  python3 python3-jsonschema python3-yaml
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
