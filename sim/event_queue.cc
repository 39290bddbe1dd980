#include "sim/event_queue.h"

#include <cassert>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace kcsim::sim {
namespace {

constexpr int kSlotBits = 24;
constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << (64 - kSlotBits)) - 1;
constexpr std::size_t kCacheLine = 64;

}  // namespace

EventQueue::EventQueue() {
  grow();
}

EventQueue::~EventQueue() {
  ::operator delete[](keys_, std::align_val_t{kCacheLine});
}

void EventQueue::grow() {
  const std::size_t new_capacity = capacity_ == 0 ? 1024 : capacity_ * 2;
  auto* fresh = static_cast<Key*>(
      ::operator new[]((new_capacity + kOffset) * sizeof(Key), std::align_val_t{kCacheLine}));
  if (keys_ != nullptr) {
    std::memcpy(fresh + kOffset, keys_ + kOffset, size_ * sizeof(Key));
    ::operator delete[](keys_, std::align_val_t{kCacheLine});
  }
  keys_ = fresh;
  capacity_ = new_capacity;
}

TimerId EventQueue::schedule(Time at, const Label& label, std::uint64_t tag, Callback callback) {
  assert(at >= 0);
  assert(live_ < kMaxPending);
  assert(next_sequence_ <= kMaxSequence);
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
  // Dead keys stay in the heap; rebuild once they outnumber the live ones, so that
  // memory and depth stay within twice what the live events need.
  if (size_ > 4096 && size_ > 2 * live_) rebuild_without_dead();
  return true;
}

bool EventQueue::is_live(const Key& key) const {
  const Slot& slot = slots_[key.order & kSlotMask];
  return slot.sequence == (key.order >> kSlotBits);
}

void EventQueue::drop_dead_top() {
  while (size_ > 0 && !is_live(keys_[kOffset]))
    pop_key();
}

Time EventQueue::next_time() {
  drop_dead_top();
  return size_ == 0 ? kTimeNever : static_cast<Time>(keys_[kOffset].time);
}

bool EventQueue::pop(FiredEvent& out) {
  drop_dead_top();
  if (size_ == 0) return false;
  const Key top = keys_[kOffset];
  pop_key();
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

void EventQueue::push_key(Key key) {
  if (size_ == capacity_) grow();
  // Sift up: move parents down into the hole until the key fits.
  std::size_t pos = size_++;
  Key* heap = keys_ + kOffset;
  while (pos > 0) {
    const std::size_t parent = (pos - 1) / 4;
    if (!before(key, heap[parent])) break;
    heap[pos] = heap[parent];
    pos = parent;
  }
  heap[pos] = key;
}

void EventQueue::pop_key() {
  Key* heap = keys_ + kOffset;
  const Key last = heap[--size_];
  if (size_ == 0) return;
  // Sift down the last key from the root: at each level pick the least of the
  // (up to) four children, which sit in one cache line.
  std::size_t pos = 0;
  const std::size_t n = size_;
  while (true) {
    const std::size_t first = 4 * pos + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t end = first + 4 < n ? first + 4 : n;
    for (std::size_t child = first + 1; child < end; ++child) {
      if (before(heap[child], heap[best])) best = child;
    }
    if (!before(heap[best], last)) break;
    heap[pos] = heap[best];
    pos = best;
  }
  heap[pos] = last;
}

void EventQueue::rebuild_without_dead() {
  Key* heap = keys_ + kOffset;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < size_; ++i) {
    if (is_live(heap[i])) heap[kept++] = heap[i];
  }
  const std::size_t n = kept;
  size_ = 0;
  // Re-insert in array order: O(n log n) but simple, and rare.
  for (std::size_t i = 0; i < n; ++i)
    push_key(heap[i]);
}

}  // namespace kcsim::sim
