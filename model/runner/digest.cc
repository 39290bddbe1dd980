#include "model/runner/digest.h"

namespace kcsim::runner {

void TimelineDigest::fired(sim::Time now, std::string text) {
  if (shown_.size() == kFiredShownMax) {
    ++more_;
    return;
  }
  shown_.emplace_back(now, std::move(text));
}

std::string TimelineDigest::line() const {
  if (shown_.empty()) return "timeline: nothing fired";
  std::string out = "timeline:";
  for (std::size_t i = 0; i < shown_.size(); ++i) {
    out += (i == 0 ? " " : ", ") + sim::format_duration(shown_[i].first) + " " + shown_[i].second;
  }
  if (more_ > 0) out += ", and " + std::to_string(more_) + " more";
  return out;
}

}  // namespace kcsim::runner
