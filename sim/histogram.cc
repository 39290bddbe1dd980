#include "sim/histogram.h"

#include <optional>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/invariant.h"

namespace kcsim::sim {

void Histogram::reject(double value) {
  throw std::invalid_argument("Histogram::record: value must be finite and >= 0, got " +
                              std::to_string(value));
}

double Histogram::bucket_lower_bound(std::int64_t key) {
  KCSIM_ASSERT(key >= kMinKey);
  KCSIM_ASSERT(key <= kMaxKey);
  return std::bit_cast<double>(static_cast<std::uint64_t>(key) << 45);
}

double Histogram::bucket_upper_bound(std::int64_t key) {
  return bucket_lower_bound(key + 1);
}

void Histogram::cover(std::int64_t low_key, std::int64_t high_key) {
  KCSIM_ASSERT(low_key <= high_key);
  // Whole octaves: the first key of low_key's octave to the last key of high_key's.
  const std::int64_t octave_mask = kBucketsPerOctave - 1;
  std::int64_t first = low_key & ~octave_mask;
  std::int64_t end = (high_key | octave_mask) + 1;
  if (!counts_.empty()) {
    first = std::min(first, first_key_);
    end = std::max(end, first_key_ + static_cast<std::int64_t>(counts_.size()));
  }
  KCSIM_ASSERT(end - first <= (kMaxKey + 1) - kMinKey);
  std::vector<std::uint64_t> grown(static_cast<std::size_t>(end - first), 0);
  std::copy(counts_.begin(), counts_.end(),
            grown.begin() + static_cast<std::ptrdiff_t>(first_key_ - first));
  counts_ = std::move(grown);
  first_key_ = first;
}

void Histogram::feed_into(Histogram* aggregate) {
  KCSIM_ASSERT_MSG(aggregate != this, "a histogram never feeds itself");
  KCSIM_ASSERT_MSG(aggregate == nullptr || aggregate->feed_.to != this, "no feeding cycle");
  feed_.to = aggregate;
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  if (feed_.to != nullptr) feed_.to->merge(other);
  if (!other.counts_.empty()) {
    const std::int64_t other_end =
        other.first_key_ + static_cast<std::int64_t>(other.counts_.size());
    if (counts_.empty() || other.first_key_ < first_key_ ||
        other_end > first_key_ + static_cast<std::int64_t>(counts_.size())) {
      cover(other.first_key_, other_end - 1);
    }
    const auto offset = static_cast<std::size_t>(other.first_key_ - first_key_);
    // Indexing (not iterators) keeps merge(*this) correct: each cell is read before written.
    for (std::size_t i = 0; i < other.counts_.size(); ++i)
      counts_[offset + i] += other.counts_[i];
  }
  count_ += other.count_;
  zero_count_ += other.zero_count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double Histogram::mean() const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  return sum_ / static_cast<double>(count_);
}

double Histogram::min() const {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : min_;
}

double Histogram::max() const {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : max_;
}

std::uint64_t Histogram::nearest_rank(double q, std::uint64_t count) {
  KCSIM_ASSERT(count > 0);
  KCSIM_ASSERT(q >= 0.0);
  KCSIM_ASSERT(q <= 100.0);
  const double exact = q / 100.0 * static_cast<double>(count);
  const double rank = std::ceil(exact - exact * 1e-12);
  if (rank < 1.0) return 1;
  if (rank >= static_cast<double>(count)) return count;
  return static_cast<std::uint64_t>(rank);
}

Histogram Histogram::since(const Histogram& earlier) const {
  const auto reject_earlier = [] {
    throw std::invalid_argument("Histogram::since: not an earlier state of this histogram");
  };
  if (earlier.count_ > count_ || earlier.zero_count_ > zero_count_) reject_earlier();
  Histogram out;
  out.count_ = count_ - earlier.count_;
  out.zero_count_ = zero_count_ - earlier.zero_count_;
  if (out.count_ == 0) return out;
  out.sum_ = std::max(0.0, sum_ - earlier.sum_);
  out.first_key_ = first_key_;
  out.counts_ = counts_;
  for (std::size_t i = 0; i < earlier.counts_.size(); ++i) {
    if (earlier.counts_[i] == 0) continue;
    const std::int64_t index = earlier.first_key_ + static_cast<std::int64_t>(i) - first_key_;
    if (index < 0 || index >= static_cast<std::int64_t>(out.counts_.size()) ||
        out.counts_[static_cast<std::size_t>(index)] < earlier.counts_[i]) {
      reject_earlier();
    }
    out.counts_[static_cast<std::size_t>(index)] -= earlier.counts_[i];
  }
  std::optional<std::int64_t> lowest, highest;
  for (std::size_t i = 0; i < out.counts_.size(); ++i) {
    if (out.counts_[i] == 0) continue;
    const std::int64_t key = first_key_ + static_cast<std::int64_t>(i);
    if (!lowest) lowest = key;
    highest = key;
  }
  // Min and max as the reported value of their buckets (midpoint, clamped to this
  // histogram's range): within 0.39% like the percentiles.
  out.min_ = out.zero_count_ > 0 ? 0.0 : representative(*lowest);
  out.max_ = highest ? representative(*highest) : 0.0;
  return out;
}

double Histogram::representative(std::int64_t key) const {
  const double lower = bucket_lower_bound(key);
  const double upper = bucket_upper_bound(key);
  const double midpoint = lower + (upper - lower) / 2.0;
  return std::clamp(midpoint, min_, max_);
}

double Histogram::percentile(double q) const {
  if (!(q >= 0.0 && q <= 100.0)) {
    throw std::invalid_argument("Histogram::percentile: q must be in [0, 100], got " +
                                std::to_string(q));
  }
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t rank = nearest_rank(q, count_);
  if (rank == 1) return min_;
  if (rank == count_) return max_;
  if (rank <= zero_count_) return 0.0;
  std::uint64_t seen = zero_count_;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return representative(first_key_ + static_cast<std::int64_t>(i));
  }
  // Unreachable: the buckets and the zero bucket hold count_ samples, and rank <= count_.
  KCSIM_ASSERT_MSG(false, "histogram bucket counts do not add up to count");
  return max_;
}

}  // namespace kcsim::sim
