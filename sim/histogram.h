// A log-linear histogram of non-negative doubles (durations in seconds, sizes in bytes)
// whose percentiles are within 1% of the exact sample percentiles.
//
// Contract:
//  - `record(v)` takes v >= 0 and finite; anything else (negative, NaN, infinity) throws
//    std::invalid_argument in every build type, so Debug and Release runs cannot part.
//  - count, sum, min and max are exact (sum is a plain double sum, in record order).
//  - Buckets (HDR-style): a positive value is bucketed by its binary exponent and the top
//    7 bits of its mantissa, which is the top bits of its IEEE-754 representation,
//    `bit_cast<uint64_t>(v) >> 45`. Each octave [2^e, 2^(e+1)) is cut into 128 buckets
//    of equal width, so a bucket's width is at most 1/128 of its lower bound, and its
//    midpoint is within 1/256 (0.39%) of every value in it. Zero has a bucket of its own.
//  - `percentile(q)`, q in [0, 100], uses the nearest-rank definition: the value of rank
//    max(1, ceil(q/100 * count)) in the sorted sample. It reports the midpoint of that
//    value's bucket, clamped to [min, max], so the result is within 0.39% relative error
//    of the exact sample percentile (0 exactly for the zero bucket, and the exact min and
//    max for the first and last ranks). An empty histogram reports NaN.
//  - The 1% bound holds for values in [2^-64, 2^64) (about 5.4e-20 .. 1.8e19). Smaller
//    positive values share the lowest bucket and larger ones the highest (still counted,
//    still exact in count/sum/min/max, and the clamp to [min, max] keeps such
//    percentiles within the sample's range).
//  - Memory: the buckets form one contiguous array over the octaves seen so far, from the
//    lowest to the highest, 128 counts of 8 bytes per octave (1 KiB). Latencies from
//    100 us to 100 s span 21 octaves, 21 KiB; the worst case, the whole supported range,
//    is 128 octaves, 128 KiB. A dense array (not a sparse map) keeps `record` to an
//    index computation and an increment; it grows only when a value falls in a new
//    octave, so recording allocates nothing in the steady state.
//  - `merge` adds another histogram's samples, as if they had been recorded here (for
//    statistics across seeds). Not thread-safe: one histogram belongs to one run.
//  - Feeding: `feed_into(&aggregate)` makes every later `record` and `merge` here also
//    go to `aggregate` (sim::Metrics keeps a metric family's merged histogram this way,
//    so that its time series needs no merge of thousands of series per sample). A copy
//    does not feed: only the histogram told to does. The aggregate must outlive it.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace kcsim::sim {

class Histogram {
 public:
  // Buckets per octave: 2^kMantissaBits.
  static constexpr int kMantissaBits = 7;
  static constexpr int kBucketsPerOctave = 1 << kMantissaBits;
  // Supported exact range: [2^kMinExponent, 2^kMaxExponent).
  static constexpr int kMinExponent = -64;
  static constexpr int kMaxExponent = 64;

  // Records one sample. Throws std::invalid_argument unless 0 <= value < infinity.
  void record(double value) {
    if (!(value >= 0.0 && value <= std::numeric_limits<double>::max())) reject(value);
    if (feed_.to != nullptr) feed_.to->record(value);
    count_ += 1;
    sum_ += value;
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
    if (value == 0.0) {
      zero_count_ += 1;
      return;
    }
    const std::int64_t key = bucket_key(value);
    const std::int64_t index = key - first_key_;
    if (index < 0 || index >= static_cast<std::int64_t>(counts_.size())) {
      cover(key, key);
      counts_[static_cast<std::size_t>(key - first_key_)] += 1;
      return;
    }
    counts_[static_cast<std::size_t>(index)] += 1;
  }

  // Adds every sample of `other` (which may be *this).
  void merge(const Histogram& other);

  // The samples recorded here since `earlier`, a copy of this histogram taken before
  // (a window: the time series' interval, a check's [from, until]). count is exact and
  // sum exact up to rounding; min and max are not known exactly for a window, so they
  // are the reported values (midpoints, clamped to this histogram's min and max) of its
  // lowest and highest nonempty buckets: like the percentiles, within 0.39%. `earlier` must be an
  // earlier state of this histogram (every count at most this one's), else
  // std::invalid_argument.
  Histogram since(const Histogram& earlier) const;

  // From now on, every record and merge here also goes to `aggregate` (nullptr: stop).
  // `aggregate` is not *this and feeds nothing back here.
  void feed_into(Histogram* aggregate);

  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  // NaN when empty.
  double mean() const;
  // NaN when empty.
  double min() const;
  // NaN when empty.
  double max() const;
  // Nearest-rank percentile, q in [0, 100] (else std::invalid_argument); NaN when empty.
  double percentile(double q) const;

  // The 1-based nearest rank of percentile q among `count` samples:
  // max(1, ceil(q/100 * count)), ignoring a rounding error of 1e-12 relative in the
  // product (so that 99.9% of 1000 samples is rank 999, not 1000). `count` > 0.
  static std::uint64_t nearest_rank(double q, std::uint64_t count);

  // The bucket key of a positive value: its top 19 IEEE-754 bits (exponent and 7 mantissa
  // bits), clamped to the supported range. Monotone in the value.
  static std::int64_t bucket_key(double value) {
    std::int64_t key = static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(value) >> 45);
    if (key < kMinKey) key = kMinKey;
    if (key > kMaxKey) key = kMaxKey;
    return key;
  }
  // The smallest value of a bucket, and the smallest value of the next.
  static double bucket_lower_bound(std::int64_t key);
  static double bucket_upper_bound(std::int64_t key);

  // The buckets, read-only (for windowed percentiles in the reports: the difference of
  // two snapshots of one histogram): bucket_counts()[i] counts the bucket of key
  // first_bucket_key() + i; zero_count() the zeros, which have no key.
  const std::vector<std::uint64_t>& bucket_counts() const { return counts_; }
  std::int64_t first_bucket_key() const { return first_key_; }
  std::uint64_t zero_count() const { return zero_count_; }

  // Number of bucket counters allocated (for memory accounting and its tests).
  std::size_t bucket_capacity() const { return counts_.size(); }

 private:
  static constexpr std::int64_t kExponentBias = 1023;
  static constexpr std::int64_t kMinKey = (kExponentBias + kMinExponent) << kMantissaBits;
  static constexpr std::int64_t kMaxKey = ((kExponentBias + kMaxExponent) << kMantissaBits) - 1;

  [[noreturn]] static void reject(double value);
  // Grows the bucket array, in whole octaves, to cover keys [low_key, high_key].
  void cover(std::int64_t low_key, std::int64_t high_key);
  // The reported value of a bucket: its midpoint clamped to [min, max].
  double representative(std::int64_t key) const;

  // A pointer that copies as nullptr: a copy of a histogram feeds nothing.
  struct Feed {
    Histogram* to = nullptr;
    Feed() = default;
    Feed(const Feed& /*other*/) {}
    Feed& operator=(const Feed& /*other*/) { return *this; }
  };

  Feed feed_;
  std::uint64_t count_ = 0;
  std::uint64_t zero_count_ = 0;
  double sum_ = 0.0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
  // counts_[i] is the count of bucket key first_key_ + i; first_key_ starts an octave.
  std::int64_t first_key_ = 0;
  std::vector<std::uint64_t> counts_;
};

}  // namespace kcsim::sim
