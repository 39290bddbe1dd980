#!/usr/bin/env python3
"""`kcsim schema` against the scenarios: the editor's view and the parser's agree.

Usage: scenario_schema_test.py KCSIM SOURCE_DIR

- The printed schema is a valid draft-07 JSON Schema (jsonschema's meta-schema check).
- Every shipped scenario (scenarios/**/*.yaml) validates against it.
- Every `default` in it validates against its own key's schema.
- Every scenario in the fuzz corpus that kcsim accepts validates too (no stricter).
- Every file in tests/tools/schema/bad/ is rejected by the schema AND by
  `kcsim validate` (exit 2): unknown keys, wrong types, a duration without a unit, two
  actions in one timeline entry. Each file's first line names what is wrong.

YAML is read as YAML 1.2's core schema, as yaml-language-server reads it: only
true/false are booleans, `0x10`, `yes` and `1:30` are strings. PyYAML's default
resolver is YAML 1.1's, so the resolvers are replaced here.

The validator is Python's jsonschema (Debian: python3-jsonschema, tools/setup.sh), a
complete implementation of the drafts, rather than a checker of our own for the subset
the generator emits: a mistake in the generator cannot be matched by the same mistake
in the checker.
"""
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core schema scalars (no yes/no, sexagesimal, ...)."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, regexp, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(regexp), list(first))


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def defaults(schema, path="#"):
    """(path, default, the schema without its default) for every default in `schema`."""
    if isinstance(schema, dict):
        if "default" in schema:
            rest = {k: v for k, v in schema.items() if k != "default"}
            yield path, schema["default"], rest
        for key, value in schema.items():
            yield from defaults(value, path + "/" + key)
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from defaults(value, f"{path}/{i}")


def main():
    kcsim, source_dir = sys.argv[1], sys.argv[2]
    printed = subprocess.run([kcsim, "schema"], check=True, capture_output=True, text=True)
    schema = json.loads(printed.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failures = []

    shipped = sorted(glob.glob(os.path.join(source_dir, "scenarios", "**", "*.yaml"),
                               recursive=True))
    if len(shipped) < 10:
        failures.append(f"expected the shipped scenarios, found {len(shipped)} files")
    for path in shipped:
        for error in validator.iter_errors(load_yaml(path)):
            failures.append(f"{path}: {error.json_path}: {error.message}")

    # The schema is no stricter than the parser: every corpus file kcsim accepts (the fuzz
    # corpus holds scenarios the parser accepts and ones it rejects) is valid too.
    accepted = 0
    for path in sorted(glob.glob(os.path.join(source_dir, "tests", "fuzz", "corpus", "*.yaml"))):
        if subprocess.run([kcsim, "validate", path], capture_output=True).returncode != 0:
            continue
        accepted += 1
        for error in validator.iter_errors(load_yaml(path)):
            failures.append(f"{path}: kcsim accepts it, the schema does not: "
                            f"{error.json_path}: {error.message}")

    checked_defaults = 0
    for path, value, rest in defaults(schema):
        checked_defaults += 1
        for error in jsonschema.Draft7Validator(rest).iter_errors(value):
            failures.append(f"default at {path}: {error.message}")
    if checked_defaults < 20:
        failures.append(f"expected the defaults of the keys, found {checked_defaults}")

    bad = sorted(glob.glob(os.path.join(source_dir, "tests", "tools", "schema", "bad", "*.yaml")))
    if len(bad) < 5:
        failures.append(f"expected the negative cases, found {len(bad)} files")
    for path in bad:
        if validator.is_valid(load_yaml(path)):
            failures.append(f"{path}: the schema accepts it")
        parsed = subprocess.run([kcsim, "validate", path], capture_output=True, text=True)
        if parsed.returncode != 2:
            failures.append(f"{path}: kcsim validate exits {parsed.returncode}, expected 2")

    for failure in failures:
        print(failure)
    print(f"{len(shipped)} scenarios and {accepted} accepted corpus files valid, "
          f"{checked_defaults} defaults valid, "
          f"{len(bad)} bad files rejected" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
