#include "model/checker/linearized_set.h"

#include "sim/invariant.h"

#include <bit>

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
  KCSIM_ASSERT(index < size_);
  return (words_[index / 64] & bit(index)) != 0;
}

void LinearizedSet::set(std::size_t index) {
  KCSIM_ASSERT(!contains(index));
  words_[index / 64] |= bit(index);
  hash_ ^= zobrist(index);
  ++count_;
  if (index != prefix_) return;
  // Advance to the next index not in the set, a word at a time.
  std::size_t word = prefix_ / 64;
  std::uint64_t ones = words_[word] | (bit(prefix_) - 1);  // bits below prefix_ count as set
  while (ones == ~std::uint64_t{0} && word + 1 < words_.size())
    ones = words_[++word];
  prefix_ = ones == ~std::uint64_t{0} ? size_
                                      : word * 64 + static_cast<std::size_t>(std::countr_one(ones));
  if (prefix_ > size_) prefix_ = size_;
  KCSIM_ASSERT(prefix_ <= count_);
}

void LinearizedSet::clear(std::size_t index) {
  KCSIM_ASSERT(contains(index));
  words_[index / 64] &= ~bit(index);
  hash_ ^= zobrist(index);
  --count_;
  if (index < prefix_) prefix_ = index;
}

void LinearizedSet::beyond_prefix(std::vector<std::uint32_t>& out) const {
  out.clear();
  std::size_t remaining = count_ - prefix_;
  for (std::size_t word = prefix_ / 64; remaining > 0; ++word) {
    KCSIM_ASSERT(word < words_.size());
    std::uint64_t bits = words_[word];
    if (word == prefix_ / 64) bits &= ~(bit(prefix_) - 1) & ~bit(prefix_);
    while (bits != 0) {
      out.push_back(static_cast<std::uint32_t>(word * 64 + std::countr_zero(bits)));
      bits &= bits - 1;
      --remaining;
    }
  }
}

}  // namespace kcsim::checker
