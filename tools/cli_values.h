// The command line's own values, checked before any run: seeds and output folders.
//
// Contract:
//  - parse_seed accepts what a scenario's spec.seed accepts: decimal digits only, from 0
//    to 2^64-1. "-1", "+1", "1e3" and 18446744073709551616 are errors, never wrapped.
//  - prepare_out_dir checks an --out folder before the run: a name that looks like a flag
//    ("--trace", as when a value was forgotten) or a file in the way is an error; the
//    folder is created if missing. Files a kcsim run writes (kOutputFiles) that an earlier
//    run left there are removed first, so one folder never mixes two runs; other files
//    are left alone. `kcsim test`'s per-run folders (kFailedRunsDir) go the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kcsim::tools {

// Every file a kcsim command writes into an output folder (add new outputs here).
inline constexpr std::string_view kOutputFiles[] = {
    "summary.json",           "metrics.csv", "trace.jsonl", "trace.json",
    "history.porcupine.json", "report.html", "seeds.csv",   "junit.xml"};

// Where `kcsim test` keeps the outputs of each failing run: DIR/failed-runs/<scenario>/.
inline constexpr std::string_view kFailedRunsDir = "failed-runs";

// The seed, or an error message ("--seed: expected ...").
std::optional<std::uint64_t> parse_seed(std::string_view text, std::string& error);

// Empty on success; else why the folder cannot be used. `stale`: the names to remove
// (every kcsim output by default; `kcsim test` removes only junit.xml, since its default
// folder is the current one).
std::string prepare_out_dir(const std::string& dir,
                            std::span<const std::string_view> stale = kOutputFiles);

// `text` quoted for a POSIX shell when it needs to be (for replay commands).
std::string shell_quote(std::string_view text);

}  // namespace kcsim::tools
