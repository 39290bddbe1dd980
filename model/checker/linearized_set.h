// The set of operations already linearized, as the search's cache key.
//
// Contract:
//  - A fixed-size bitset over operation indices [0, size).
//  - `hash()` is O(1): a Zobrist hash (the XOR of a fixed random word per set bit, from
//    SplitMix64 of the index) kept up to date by `set` and `clear`. The search hashes the
//    set once per step, and a set may hold tens of thousands of operations.
//  - `prefix()` is the number of leading indices all in the set (the lowest index not in
//    it), kept up to date by `set` and `clear`. The search numbers operations in order of
//    return, so a set it reaches is nearly a prefix: the indices above `prefix()` that are
//    in the set (`beyond_prefix`) are the few operations linearized ahead of an earlier
//    return, at most about one per client. (prefix, beyond) is the set's compact form,
//    which the search's cache stores instead of the whole bitset (key_search.cc).
//  - Equal sets have equal hashes on every build (no pointer or library-dependent hashing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kcsim::checker {

class LinearizedSet {
 public:
  explicit LinearizedSet(std::size_t size);

  std::size_t size() const { return size_; }
  bool contains(std::size_t index) const;
  void set(std::size_t index);    // index must not be in the set
  void clear(std::size_t index);  // index must be in the set
  std::uint64_t hash() const { return hash_; }
  std::size_t count() const { return count_; }
  std::size_t prefix() const { return prefix_; }
  // Replaces `out` with the indices in the set above prefix(), ascending.
  void beyond_prefix(std::vector<std::uint32_t>& out) const;
  // Heap bytes held, for the search's memory bound.
  std::size_t bytes() const { return words_.size() * sizeof(std::uint64_t); }

  friend bool operator==(const LinearizedSet& a, const LinearizedSet& b) {
    return a.hash_ == b.hash_ && a.count_ == b.count_ && a.words_ == b.words_;
  }

 private:
  std::size_t size_;
  std::size_t count_ = 0;
  std::size_t prefix_ = 0;
  std::uint64_t hash_ = 0;
  std::vector<std::uint64_t> words_;
};

}  // namespace kcsim::checker
