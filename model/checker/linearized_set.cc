#include "model/checker/linearized_set.h"

#include <cassert>

#include "sim/random.h"

namespace kcsim::checker {

namespace {

std::uint64_t zobrist(std::size_t index) {
  std::uint64_t state = static_cast<std::uint64_t>(index);
  return sim::splitmix64(state);
}

std::uint64_t bit(std::size_t index) {
  return std::uint64_t{1} << (index % 64);
}

}  // namespace

LinearizedSet::LinearizedSet(std::size_t size) : size_(size), words_((size + 63) / 64, 0) {}

bool LinearizedSet::contains(std::size_t index) const {
  assert(index < size_);
  return (words_[index / 64] & bit(index)) != 0;
}

void LinearizedSet::set(std::size_t index) {
  assert(!contains(index));
  words_[index / 64] |= bit(index);
  hash_ ^= zobrist(index);
  ++count_;
}

void LinearizedSet::clear(std::size_t index) {
  assert(contains(index));
  words_[index / 64] &= ~bit(index);
  hash_ ^= zobrist(index);
  --count_;
}

}  // namespace kcsim::checker
