#include "model/etcd/member/watch_log.h"

#include <algorithm>
#include <utility>

namespace kcsim::etcd {
namespace {

std::string describe(const mvcc::Event& event) {
  return std::string(event.type == mvcc::EventType::kPut ? "PUT " : "DELETE ") + event.kv.key +
         " @" + std::to_string(event.kv.mod_revision);
}

bool same_change(const mvcc::Event& a, const mvcc::Event& b) {
  return a.type == b.type && a.kv.key == b.kv.key && a.kv.mod_revision == b.kv.mod_revision &&
         a.kv.value == b.kv.value;
}

}  // namespace

std::size_t WatchLog::begin(std::int64_t watcher, mvcc::KeyRange range,
                            std::int64_t start_revision) {
  segments_.push_back(WatchSegment{watcher, std::move(range), start_revision, {}});
  return segments_.size() - 1;
}

void WatchLog::record(std::size_t segment, const std::vector<mvcc::Event>& events) {
  std::vector<mvcc::Event>& out = segments_.at(segment).events;
  out.insert(out.end(), events.begin(), events.end());
  events_ += events.size();
  if (!events.empty()) max_revision_ = std::max(max_revision_, events.back().kv.mod_revision);
}

WatchCheck WatchLog::check(const mvcc::KvStore& reference) const {
  WatchCheck result;
  for (const WatchSegment& segment : segments_) {
    if (segment.events.empty()) continue;
    const std::int64_t last = segment.events.back().kv.mod_revision;
    if (segment.start_revision < reference.compact_revision() ||
        last > reference.current_revision()) {
      ++result.segments_unverifiable;
      continue;
    }
    ++result.segments_checked;
    std::vector<mvcc::Event> expected;
    for (mvcc::Event& event : reference.history(segment.start_revision, last)) {
      if (segment.range.contains(event.kv.key)) expected.push_back(std::move(event));
    }
    const auto [got, want] = std::mismatch(segment.events.begin(), segment.events.end(),
                                           expected.begin(), expected.end(), same_change);
    if (got == segment.events.end() && want == expected.end()) continue;
    ++result.violations;
    if (result.first_violation.empty()) {
      result.first_violation =
          "watcher " + std::to_string(segment.watcher) + " from revision " +
          std::to_string(segment.start_revision) + ": received " +
          (got == segment.events.end() ? std::string("nothing") : describe(*got)) + ", expected " +
          (want == expected.end() ? std::string("nothing") : describe(*want));
    }
  }
  return result;
}

}  // namespace kcsim::etcd
