// One fuzz input for the scenario parser and `--set`: what the libFuzzer targets and the
// corpus regression test both run, so the corpus replays exactly what was fuzzed.
//
// Contract:
//  - The input is text. Leading lines that start with "--set " are overrides (the rest of
//    the line, "path=value", as the command line passes them); the remainder is the
//    scenario file. Every input must end in a parsed scenario or a ScenarioError: no
//    crash, no exception, no assertion (the fuzzer's sanitizers find the rest).
//  - Returns whether the scenario parsed (for the corpus test's counts).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kcsim::fuzz {

bool parse_fuzz_input(std::string_view input);

}  // namespace kcsim::fuzz
