#!/usr/bin/env python3
"""A libFuzzer dictionary for scenario_fuzzer from `kcsim schema` (stdin): every key and
enum value of the scenario format, with YAML, unit and predicate tokens, so the fuzzer
builds scenario-like inputs sooner. Usage:
  kcsim schema | python3 tests/fuzz/dict_from_schema.py > tests/fuzz/scenario.dict
"""
import json
import sys

TOKENS = [
    "kcsim/v1", "Scenario", "etcd/leader", "etcd-0", "ping-0", "apiserver-0",
    "etcd.has_leader", "etcd.linearizable", "etcd_request_duration_seconds.p99",
    "p99", "p50", "==", "<", ">", "<=", ">=", "&&", "||", "!", "(", ")",
    "ms", "s", "us", "ns", "m", "h", "MiB", "GiB", "kB", "Gbps", "Mbps",
    "true", "false", "[", "]", "{", "}", ": ", "- ", "\n", "\n  ", "#", "&a", "*a",
    "!!str", '"', "'", "---", "...", "|", ">-", "~", "null", "--set ", "=",
]


def words(schema, out):
    if isinstance(schema, dict):
        out.update(schema.get("properties", {}).keys())
        out.update(v for v in schema.get("enum", []) if isinstance(v, str) and v)
        for value in schema.values():
            words(value, out)
    elif isinstance(schema, list):
        for value in schema:
            words(value, out)


def main():
    found = set(TOKENS)
    words(json.load(sys.stdin), found)
    print("# libFuzzer dictionary for scenario_fuzzer: the scenario format's keys and enum")
    print("# values (from `kcsim schema`), with YAML, unit and predicate tokens. Regenerate:")
    print("#   kcsim schema | python3 tests/fuzz/dict_from_schema.py > tests/fuzz/scenario.dict")
    for word in sorted(found):
        escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\x0a")
        print(f'"{escaped}"')


if __name__ == "__main__":
    main()
