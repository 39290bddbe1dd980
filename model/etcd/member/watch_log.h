// What the watching clients received, kept outside them for the watch checker: etcd's
// watch guarantee is that a watcher sees every change in its range from its start
// revision on, once each, in revision order (no gap, no duplicate, no reordering),
// across the member failures its client rides out.
//
// Contract:
//  - A segment is one unbroken watch of a client: from the revision it started at to
//    the last event received. Transparent resumes on another member stay in one
//    segment; after a halt the client starts a new one.
//  - check(reference): each segment's events must equal the reference store's history
//    for the range from the segment's start to its last event, event for event (type,
//    key, mod revision, value). A segment whose start the reference has compacted
//    cannot be verified and is counted apart. The reference is a member's store that
//    has applied at least as far as any watcher got (state machine safety makes every
//    member's history the same).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/etcd/mvcc/key_range.h"
#include "model/etcd/mvcc/key_value.h"
#include "model/etcd/mvcc/kv_store.h"

namespace kcsim::etcd {

struct WatchSegment {
  std::int64_t watcher = 0;
  mvcc::KeyRange range;
  std::int64_t start_revision = 0;
  std::vector<mvcc::Event> events;
};

struct WatchCheck {
  std::size_t segments_checked = 0;
  std::size_t segments_unverifiable = 0;  // the reference compacted their start
  std::size_t violations = 0;             // segments that differ from the history
  std::string first_violation;            // what differed, for the log
};

class WatchLog {
 public:
  // Starts a segment; returns its index.
  std::size_t begin(std::int64_t watcher, mvcc::KeyRange range, std::int64_t start_revision);
  void record(std::size_t segment, const std::vector<mvcc::Event>& events);

  const std::vector<WatchSegment>& segments() const { return segments_; }
  std::uint64_t events() const { return events_; }
  // The highest revision any watcher has received (0 when none).
  std::int64_t max_revision() const { return max_revision_; }

  WatchCheck check(const mvcc::KvStore& reference) const;

 private:
  std::vector<WatchSegment> segments_;
  std::uint64_t events_ = 0;
  std::int64_t max_revision_ = 0;
};

}  // namespace kcsim::etcd
