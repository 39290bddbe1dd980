// The pending events of a run, ordered by (time, sequence).
//
// Contract:
//  - Events at the same time pop in the order they were scheduled: every event
//    gets the next value of a 40-bit sequence counter, and ties on time are
//    broken by it. This is what makes a run replayable.
//  - `schedule` returns a TimerId; `cancel` on it is O(1) and safe to call on an
//    event that has already fired or been cancelled (it returns false then).
//  - Each event carries an opaque 64-bit `tag` (the kernel uses it for the owning
//    process and its incarnation) and a `Label` for the trace; the queue does not
//    interpret either.
//
// Why this structure: the hot path of a run is pop-then-schedule with hundreds of
// thousands of events pending (the timers of thousands of kubelets). Keys only grow:
// a new event is never earlier than the one last popped, and its sequence number is
// larger than any before it. That makes the queue monotone, and a radix heap (Ahuja,
// Mehlhorn, Orlin and Tarjan, 1990) is the fastest fit for monotone integer keys:
// bucket b holds the keys whose highest bit differing from the last popped key is bit
// b-1, so a push is an append to a vector, and a pop that finds the lowest bucket empty
// scans the next non-empty bucket once, moving every key to a strictly lower bucket.
// Each key moves at most 128 times (in practice a few); every scan is sequential.
// The key is (time, sequence << 24 | slot): unique, so the order is exactly
// (time, sequence). Callbacks live apart from the keys in slots recycled through a free
// list, so moving keys never moves a callback. A cancelled event stays until it is
// popped (lazy deletion) unless cancelled events come to outnumber the live ones, when
// they are swept out.
//
// Caps (always checked, in every build type; exceeding one aborts the run with an
// invariant failure naming the cap, see sim/invariant.h):
//  - At most kMaxPending = 2^24 - 1 (16,777,215) events pending at once: the slot of an
//    event is the low 24 bits of its key. A run that needs more is beyond what the key
//    layout can order, not a fault to survive.
//  - At most kMaxSequence = 2^40 - 1 (about 1.1e12) events scheduled over a run: the
//    sequence is the high 40 bits. At a million events per wall second that is 12 days
//    of wall time for one run.
//  - Invariants (asserted): no event is scheduled before the time of the last event
//    popped (the past); a key popped is never below the last key popped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/callback.h"
#include "sim/label.h"
#include "sim/time.h"

namespace kcsim::sim {

struct TimerId {
  std::uint32_t slot = UINT32_MAX;
  std::uint64_t sequence = 0;  // 0 is never issued: a default TimerId is no timer
  bool valid() const { return sequence != 0; }
};

struct FiredEvent {
  Time at = 0;
  std::uint64_t sequence = 0;
  std::uint64_t tag = 0;
  const Label* label = nullptr;
  Callback callback;
};

class EventQueue {
 public:
  static constexpr int kSlotBits = 24;
  static constexpr std::uint32_t kMaxPending = (1u << kSlotBits) - 1;
  static constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << (64 - kSlotBits)) - 1;

  // Lower caps than the key layout's, for the tests of the caps only (reaching the real
  // ones takes 16M events or 2^40 schedules). Each must be <= the key layout's cap.
  struct Caps {
    std::uint32_t max_pending = kMaxPending;
    std::uint64_t max_sequence = kMaxSequence;
  };

  EventQueue();
  explicit EventQueue(Caps caps);
  ~EventQueue();
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  // `at` must be non-negative and not before the last popped event's time; `label` must
  // outlive the event (labels are static). Aborts past the caps (see above).
  TimerId schedule(Time at, const Label& label, std::uint64_t tag, Callback callback);
  bool cancel(TimerId id);

  // The time of the earliest live event, or kTimeNever when there is none.
  Time next_time();
  // Moves the earliest live event into `out`; false when there is none.
  bool pop(FiredEvent& out);

  std::size_t pending() const { return live_; }
  bool empty() const { return live_ == 0; }

 private:
  struct Key {
    std::uint64_t time;
    std::uint64_t order;  // sequence << 24 | slot
  };
  struct Slot {
    Callback callback;
    std::uint64_t tag = 0;
    const Label* label = nullptr;
    std::uint64_t sequence = 0;  // 0 while the slot is free
  };

  static constexpr int kBuckets = 129;  // 0: equal to the last key; b: bit b-1 differs

  static bool less(const Key& a, const Key& b);
  static int bucket_of(const Key& key, const Key& last);
  bool is_live(const Key& key) const;
  void push_key(const Key& key);
  // Makes bucket 0 hold the least key, refilling it from the lowest non-empty bucket;
  // false when no key is left.
  bool settle();
  void drop_dead_minimum();
  void sweep_dead();
  void rebase(const Key& least);

  std::vector<Key> buckets_[kBuckets];
  std::uint64_t occupied_[3] = {0, 0, 0};  // bit b set when buckets_[b] is not empty
  Key last_{0, 0};                         // the last key taken out of bucket 0
  Key last_popped_{0, 0};                  // the key of the last event popped
  Caps caps_;
  std::size_t size_ = 0;  // keys held, live and dead
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 1;
  std::size_t live_ = 0;
};

}  // namespace kcsim::sim
