// Where two runs part: the first record at which two traces (JSON lines, docs/trace.md)
// differ, with the records just before it and the first records after it on each side:
// the tool for "why did seed 6 fail when seed 5 passed" (kcsim diff).
//
// Contract:
//  - Lines are compared as text, in order, after `keep` selects them (all lines, or only
//    the model's events: notes and faults). Memory is bounded by `context` lines a side,
//    whatever the traces' length.
//  - Two traces are the same when every kept line agrees and both end together; otherwise
//    `index` is the 0-based position (among kept lines) of the first difference, where
//    one side may have ended (its `after` is then empty).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace kcsim::reports {

struct TraceDivergence {
  bool same = false;
  std::uint64_t index = 0;
  std::vector<std::string> before;   // the last common lines, oldest first
  std::vector<std::string> a_after;  // from the first difference on, in A
  std::vector<std::string> b_after;  // and in B
};

using LineFilter = std::function<bool(std::string_view line)>;

TraceDivergence first_divergence(std::istream& a, std::istream& b, std::size_t context,
                                 const LineFilter& keep = {});

// Keeps the model-level records: "note" and "fault".
bool is_model_event(std::string_view line);

// The "t" of a JSON trace line, in nanoseconds; -1 when it has none.
long long trace_time(std::string_view line);

}  // namespace kcsim::reports
