// Inflights: the appends sent to one follower in replicate state and not yet
// acknowledged, as etcd-io/raft's tracker/inflights.go. It is Raft's flow control:
// a leader stops sending appends to a follower when the window is full, by count
// (max_inflight_msgs) or by bytes (max_inflight_bytes).
//
// Contract: add() takes increasing indexes (the last index of each append);
// free_le(i) releases every append that ended at or before i.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

#include "model/etcd/raft/entry.h"

namespace kcsim::etcd::raft {

class Inflights {
 public:
  Inflights(std::size_t max_count, std::uint64_t max_bytes)
      : max_count_(max_count), max_bytes_(max_bytes) {}

  void add(Index last_index, std::uint64_t bytes);
  void free_le(Index index);
  void free_first_one();
  bool full() const;
  std::size_t count() const { return window_.size(); }
  std::uint64_t bytes() const { return bytes_; }
  void reset();

 private:
  struct Inflight {
    Index last_index;
    std::uint64_t bytes;
  };
  std::deque<Inflight> window_;
  std::uint64_t bytes_ = 0;
  std::size_t max_count_;
  std::uint64_t max_bytes_;  // 0: no limit
};

}  // namespace kcsim::etcd::raft
