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
// Why this structure: the hot path of a run is schedule-then-pop of one event with
// hundreds of thousands pending (the timers of thousands of kubelets). A 4-ary heap
// of 16-byte keys, aligned so that the four children of a node share one cache
// line, halves the depth of a binary heap and the cache misses with it. Callbacks
// live apart from the keys in slots recycled through a free list, so moving keys
// never moves a callback. A cancelled event stays in the heap until it reaches the
// top (lazy deletion) unless cancelled events come to outnumber the live ones, when
// the heap is rebuilt without them.
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
  static constexpr std::uint32_t kMaxPending = (1u << 24) - 1;

  EventQueue();
  ~EventQueue();
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  // `at` must be non-negative; `label` must outlive the event (labels are static).
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

  static bool before(const Key& a, const Key& b) {
    return a.time < b.time || (a.time == b.time && a.order < b.order);
  }
  bool is_live(const Key& key) const;
  void drop_dead_top();
  void push_key(Key key);
  void pop_key();
  void rebuild_without_dead();
  void grow();

  // keys_[kOffset] is the root; the children of position p (counted from the root)
  // sit at positions 4p+1..4p+4, stored at index 4p+4+..., a multiple of four.
  static constexpr std::size_t kOffset = 3;
  Key* keys_ = nullptr;
  std::size_t size_ = 0;  // keys in the heap, live and dead
  std::size_t capacity_ = 0;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 1;
  std::size_t live_ = 0;
};

}  // namespace kcsim::sim
