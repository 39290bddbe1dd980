#include "sim/event_queue.h"

#include <bit>
#include <utility>

#include "sim/invariant.h"

namespace kcsim::sim {
namespace {

constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << EventQueue::kSlotBits) - 1;

}  // namespace

EventQueue::EventQueue() = default;

EventQueue::EventQueue(Caps caps) : caps_(caps) {
  KCSIM_ASSERT(caps_.max_pending <= kMaxPending);
  KCSIM_ASSERT(caps_.max_sequence <= kMaxSequence);
}

EventQueue::~EventQueue() = default;

bool EventQueue::less(const Key& a, const Key& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

int EventQueue::bucket_of(const Key& key, const Key& last) {
  if (key.time != last.time) return 128 - std::countl_zero(key.time ^ last.time);
  if (key.order != last.order) return 64 - std::countl_zero(key.order ^ last.order);
  return 0;
}

TimerId EventQueue::schedule(Time at, const Label& label, std::uint64_t tag, Callback callback) {
  KCSIM_ASSERT_MSG(at >= 0, "an event is never scheduled before time 0");
  KCSIM_ASSERT_MSG(static_cast<std::uint64_t>(at) >= last_popped_.time,
                   "an event is never scheduled in the past (before the last event popped)");
  KCSIM_ASSERT_MSG(live_ < caps_.max_pending,
                   "event queue cap: at most 2^24 - 1 events pending (EventQueue::kMaxPending)");
  KCSIM_ASSERT_MSG(next_sequence_ <= caps_.max_sequence,
                   "event queue cap: at most 2^40 - 1 events scheduled in a run "
                   "(EventQueue::kMaxSequence)");
  std::uint32_t slot_index;
  if (free_slots_.empty()) {
    slot_index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot_index = free_slots_.back();
    free_slots_.pop_back();
  }
  Slot& slot = slots_[slot_index];
  const std::uint64_t sequence = next_sequence_++;
  slot.callback = std::move(callback);
  slot.tag = tag;
  slot.label = &label;
  slot.sequence = sequence;
  push_key(Key{static_cast<std::uint64_t>(at), (sequence << kSlotBits) | slot_index});
  ++live_;
  return TimerId{slot_index, sequence};
}

bool EventQueue::cancel(TimerId id) {
  if (!id.valid() || id.slot >= slots_.size()) return false;
  Slot& slot = slots_[id.slot];
  if (slot.sequence != id.sequence) return false;  // fired, cancelled, or slot reused
  slot.callback.reset();
  slot.sequence = 0;
  free_slots_.push_back(id.slot);
  --live_;
  // Dead keys stay where they are; sweep them out once they outnumber the live ones,
  // so that memory stays within twice what the live events need.
  if (size_ > 4096 && size_ > 2 * live_) sweep_dead();
  return true;
}

bool EventQueue::is_live(const Key& key) const {
  const Slot& slot = slots_[key.order & kSlotMask];
  return slot.sequence == (key.order >> kSlotBits);
}

void EventQueue::push_key(const Key& key) {
  if (key.time < last_.time || (key.time == last_.time && key.order < last_.order)) rebase(key);
  const int b = bucket_of(key, last_);
  buckets_[b].push_back(key);
  occupied_[b >> 6] |= std::uint64_t{1} << (b & 63);
  ++size_;
}

bool EventQueue::settle() {
  if (!buckets_[0].empty()) return true;
  int b = -1;
  for (int word = 0; word < 3; ++word) {
    const std::uint64_t bits =
        occupied_[word] & (word == 0 ? ~std::uint64_t{1} : ~std::uint64_t{0});
    if (bits != 0) {
      b = word * 64 + std::countr_zero(bits);
      break;
    }
  }
  if (b < 0) return false;
  std::vector<Key>& source = buckets_[b];
  // The least key becomes the new reference; the second least tells how closely keys
  // are spaced near it.
  Key least = source.front();
  Key second{UINT64_MAX, UINT64_MAX};
  for (std::size_t i = 1; i < source.size(); ++i) {
    const Key& key = source[i];
    if (less(key, least)) {
      second = least;
      least = key;
    } else if (less(key, second)) {
      second = key;
    }
  }
  last_ = least;
  // Keys that land within a few buckets of the second least (within about 8 times the
  // local spacing of keys) pop soon: start loading their slots now, so that each slot's
  // cache miss overlaps the events ahead of it. Scale-free: it follows the keys'
  // spacing, whatever it is.
  const int prefetch_below = second.time == UINT64_MAX ? 0 : bucket_of(second, last_) + 3;
  for (const Key& key : source) {
    const int target = bucket_of(key, last_);  // < b for every key: they share bits >= b
    if (target <= prefetch_below) __builtin_prefetch(&slots_[key.order & kSlotMask]);
    buckets_[target].push_back(key);
    occupied_[target >> 6] |= std::uint64_t{1} << (target & 63);
  }
  source.clear();
  occupied_[b >> 6] &= ~(std::uint64_t{1} << (b & 63));
  return true;
}

void EventQueue::drop_dead_minimum() {
  while (settle() && !is_live(buckets_[0].back())) {
    buckets_[0].pop_back();
    --size_;
    if (buckets_[0].empty()) occupied_[0] &= ~std::uint64_t{1};
  }
}

Time EventQueue::next_time() {
  drop_dead_minimum();
  return buckets_[0].empty() ? kTimeNever : static_cast<Time>(buckets_[0].back().time);
}

bool EventQueue::pop(FiredEvent& out) {
  drop_dead_minimum();
  if (buckets_[0].empty()) return false;
  const Key top = buckets_[0].back();
  KCSIM_ASSERT_MSG(!less(top, last_popped_), "keys pop in order: never below the last popped");
  last_popped_ = top;
  buckets_[0].pop_back();
  --size_;
  if (buckets_[0].empty()) occupied_[0] &= ~std::uint64_t{1};
  const auto slot_index = static_cast<std::uint32_t>(top.order & kSlotMask);
  Slot& slot = slots_[slot_index];
  out.at = static_cast<Time>(top.time);
  out.sequence = slot.sequence;
  out.tag = slot.tag;
  out.label = slot.label;
  out.callback = std::move(slot.callback);
  slot.sequence = 0;
  free_slots_.push_back(slot_index);
  --live_;
  return true;
}

void EventQueue::rebase(const Key& least) {
  // A key below the last settled one: only after a peek (next_time) settled a minimum
  // that was then not popped, and something earlier was scheduled. Rare (between two
  // run_until calls): redistribute everything around the new least key.
  std::vector<Key> all;
  all.reserve(size_);
  for (std::vector<Key>& bucket : buckets_) {
    all.insert(all.end(), bucket.begin(), bucket.end());
    bucket.clear();
  }
  occupied_[0] = occupied_[1] = occupied_[2] = 0;
  last_ = least;
  for (const Key& key : all) {
    const int b = bucket_of(key, last_);
    buckets_[b].push_back(key);
    occupied_[b >> 6] |= std::uint64_t{1} << (b & 63);
  }
}

void EventQueue::sweep_dead() {
  for (int b = 0; b < kBuckets; ++b) {
    std::vector<Key>& bucket = buckets_[b];
    const std::size_t before = bucket.size();
    std::erase_if(bucket, [this](const Key& key) { return !is_live(key); });
    size_ -= before - bucket.size();
    if (bucket.empty()) occupied_[b >> 6] &= ~(std::uint64_t{1} << (b & 63));
  }
}

}  // namespace kcsim::sim
