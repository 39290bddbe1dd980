// Story: a run told in plain words, as the lines of its narrated log (docs/teaching.md),
// each stamped with virtual time, its level and its actor; and the filter `kcsim explain`
// applies (level, components, time window).
//
// Contract:
//  - A line's actor is the word before its first ": " when that word has no space
//    ("etcd-2: grants its vote ..." -> etcd-2; "timeline: ..." -> timeline; "network:
//    ..." -> network); otherwise "-".
//  - The story keeps at most `max_lines` lines (a bound: a long run at trace level is
//    cut, and says so); lines are kept in the order they were written (virtual time).
//  - A component filter keeps a line whose actor is one of the names, or a timeline or
//    network line that mentions one of them (the crash of etcd-2, a partition cutting
//    it off).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace kcsim::reports {

enum class StoryLevel : std::uint8_t { kTrace, kDebug, kInfo, kWarn };

// "trace", "debug", "info", anything else (warn, error, critical) -> kWarn.
StoryLevel story_level(std::string_view spdlog_level);
std::string_view to_string(StoryLevel level);

struct StoryLine {
  sim::Time at = 0;
  StoryLevel level = StoryLevel::kInfo;
  std::string actor;  // "-" when the line names none
  std::string text;   // without the "actor: " prefix
};

struct StoryFilter {
  StoryLevel level = StoryLevel::kInfo;  // lines at this level and above
  std::vector<std::string> components;   // empty: all
  sim::Time from = 0;
  sim::Time until = -1;  // -1: the end
};

class Story {
 public:
  static constexpr std::size_t kDefaultMaxLines = 2'000'000;
  explicit Story(std::size_t max_lines = kDefaultMaxLines) : max_lines_(max_lines) {}

  void add(sim::Time at, std::string_view level, std::string_view text);
  const std::vector<StoryLine>& lines() const { return lines_; }
  bool truncated() const { return truncated_; }

 private:
  std::size_t max_lines_;
  std::vector<StoryLine> lines_;
  bool truncated_ = false;
};

bool matches(const StoryLine& line, const StoryFilter& filter);

// "  10.000123s etcd-2  grants its vote to etcd-1 for term 3 (...)".
std::string format_line(const StoryLine& line);
// Seconds with millisecond digits, as the story prints times: "10.000s".
std::string format_seconds(sim::Time t);

}  // namespace kcsim::reports
