#include "reports/narrative/story.h"

#include <fmt/format.h>

#include <algorithm>

namespace kcsim::reports {

StoryLevel story_level(std::string_view spdlog_level) {
  if (spdlog_level == "trace") return StoryLevel::kTrace;
  if (spdlog_level == "debug") return StoryLevel::kDebug;
  if (spdlog_level == "info") return StoryLevel::kInfo;
  return StoryLevel::kWarn;
}

std::string_view to_string(StoryLevel level) {
  switch (level) {
    case StoryLevel::kTrace:
      return "trace";
    case StoryLevel::kDebug:
      return "debug";
    case StoryLevel::kInfo:
      return "info";
    case StoryLevel::kWarn:
      return "warn";
  }
  return "?";
}

void Story::add(sim::Time at, std::string_view level, std::string_view text) {
  if (lines_.size() >= max_lines_) {
    truncated_ = true;
    return;
  }
  StoryLine line{.at = at, .level = story_level(level), .actor = "-", .text = std::string(text)};
  const std::size_t colon = text.find(": ");
  if (colon != std::string_view::npos && colon > 0 &&
      text.substr(0, colon).find(' ') == std::string_view::npos) {
    line.actor = std::string(text.substr(0, colon));
    line.text = std::string(text.substr(colon + 2));
  }
  lines_.push_back(std::move(line));
}

bool matches(const StoryLine& line, const StoryFilter& filter) {
  if (line.level < filter.level) return false;
  if (line.at < filter.from) return false;
  if (filter.until >= 0 && line.at > filter.until) return false;
  if (filter.components.empty()) return true;
  const bool world = line.actor == "timeline" || line.actor == "network";
  return std::any_of(
      filter.components.begin(), filter.components.end(), [&](const std::string& name) {
        if (line.actor == name) return true;
        if (!world) return false;
        // A whole-word mention: "etcd-1" must not match "etcd-10".
        for (std::size_t at = line.text.find(name); at != std::string::npos;
             at = line.text.find(name, at + 1)) {
          const std::size_t end = at + name.size();
          const bool digit_follows =
              end < line.text.size() && line.text[end] >= '0' && line.text[end] <= '9';
          if (!digit_follows) return true;
        }
        return false;
      });
}

std::string format_seconds(sim::Time t) {
  return fmt::format("{}.{:03}s", t / sim::kSecond, (t % sim::kSecond) / sim::kMillisecond);
}

std::string format_line(const StoryLine& line) {
  return fmt::format("{:>10} {:<10} {}", format_seconds(line.at), line.actor, line.text);
}

}  // namespace kcsim::reports
