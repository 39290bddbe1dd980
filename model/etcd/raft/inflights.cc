#include "model/etcd/raft/inflights.h"

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

void Inflights::add(Index last_index, std::uint64_t bytes) {
  KCSIM_ASSERT_MSG(!full(), "cannot add into a full inflights window");
  KCSIM_ASSERT(window_.empty() || window_.back().last_index < last_index);
  window_.push_back({last_index, bytes});
  bytes_ += bytes;
}

void Inflights::free_le(Index index) {
  while (!window_.empty() && window_.front().last_index <= index) {
    bytes_ -= window_.front().bytes;
    window_.pop_front();
  }
}

void Inflights::free_first_one() {
  if (window_.empty()) return;
  free_le(window_.front().last_index);
}

bool Inflights::full() const {
  return window_.size() >= max_count_ || (max_bytes_ != 0 && bytes_ >= max_bytes_);
}

void Inflights::reset() {
  window_.clear();
  bytes_ = 0;
}

}  // namespace kcsim::etcd::raft
