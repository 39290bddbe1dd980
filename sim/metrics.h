// The metrics of one run: counters, gauges and histograms in a registry, queries over
// them for the scenario's checks, and a time series of their values for the reports.
//
// Contract:
//  - No global state: each simulation owns one `Metrics`; sweeps run many in parallel
//    threads, one per run. A `Metrics` is not thread-safe and needs not be.
//  - Registration: `counter(name)`, `gauge(name)` and `histogram(name)` return the
//    series named `name`, created on first use. The reference stays valid for the life
//    of the registry, however many series are added later (the series live in the nodes
//    of a std::map, which never move), so a component looks a series up once and its hot
//    path is a plain `add` or `record`. `name` is canonicalized first (sim/metric_name.h):
//    `x{b="2",a="1"}` and `labeled("x", {{"a","1"},{"b","2"}})` are one series.
//  - Programming errors throw std::logic_error: an invalid name; a name registered as
//    another kind; a series whose family (its base name, before `{`) has another kind
//    (as in Prometheus, a family has one kind); a name that would shadow a histogram
//    statistic (`h.p99` when `h` is a histogram, or the reverse).
//  - Help: the first non-empty help text given for a series is kept.
//  - Iteration (`for_each`, `sample`, `series`) is in name order (std::string order).
//
// Query syntax (`query`, and the scenario checks built on it):
//     ref      := series [ "." stat ]
//     series   := a metric name, with or without labels, as registered (any label order)
//     stat     := "count" | "sum" | "mean" | "min" | "max" | "p" digits
//  A counter or gauge ref has no stat and yields its value. A histogram ref must have a
//  stat: count and sum (0 when empty); mean, min, max and percentiles (none when empty).
//  Percentile digits are the decimals of the quantile 0.<digits>, so at least two digits:
//  p50 = 50%, p90, p95, p99, p999 = 99.9%, p9999 = 99.99%, p05 = 5%; and p100 = 100%.
//  A ref that names no series, or is malformed, yields nullopt. When a registered name
//  equals the whole ref, that series wins (names may contain dots).
//
// Aggregates (`sum_over`, `max_over`, `min_over`) take `base [ "." stat ]`, without
// labels, and combine that ref over every series of the family `base` (the series named
// `base` and every `base{...}`), skipping series without a value (empty histograms).
// nullopt if none has one. Example: `max_over("etcd_disk_wal_fsync_duration_seconds.p99")`
// is the worst member's p99.
//
// Time series: `sample(now)` appends one row to `series()`. By default it records one
// aggregate per metric family (the series `base` and every `base{...}`), not one column
// per labelled series: per-node series of 5,000 nodes sampled for an hour would take
// gigabytes (docs/benchmarks.md). Columns of a family `base`:
//  - counter: `base`, the sum over the family's series;
//  - gauge: `base`, the sum; and, when the family has more than one series, `base.min`
//    and `base.max`, the least and greatest of its series;
//  - histogram: of the family's merged histogram (every sample of every series of the
//    family), `base.count` (cumulative, like a counter), `base.p50` and `base.p99` over
//    the sampling interval (the samples recorded since the previous row: a disk healed
//    at 20s shows its p99 fall at the next row), and `base.cumulative.p50` and
//    `base.cumulative.p99` since the start of the run. An interval without samples has
//    no p50/p99 (an empty cell).
// A family of one unlabelled series thus has the columns it always had: its aggregate
// is its value, and its columns are refs (`query` gives the same values).
// Series kept apart (`keep_series(name)`, or every series of a family with
// `keep_family(base)`) are recorded too, in the columns of their own names: `name` for
// a counter or gauge; `name.count`, `name.p50` and `name.p99` for a histogram. The
// unlabelled series of a family that also has labelled ones cannot be kept apart (its
// column would be the family's). Columns are in name order; a column added after
// sampling began (a series registered late, a second series making `base.min` appear)
// is NaN in earlier rows. Memory: rows x columns x 8 bytes, see sim/time_series.h.
// Cost of a sample: O(series), with O(1) per histogram family (its merged histogram is
// kept up to date by every record: Histogram::feed_into).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/histogram.h"
#include "sim/metric_name.h"
#include "sim/time.h"
#include "sim/time_series.h"

namespace kcsim::sim {

enum class MetricKind { kCounter, kGauge, kHistogram };

// "counter", "gauge", "histogram".
std::string_view to_string(MetricKind kind);

// A monotonic total. `add` takes a finite amount >= 0, else std::invalid_argument.
class Counter {
 public:
  void add(double amount) {
    if (!(amount >= 0.0 && amount <= std::numeric_limits<double>::max())) reject(amount);
    value_ += amount;
  }
  void inc() { value_ += 1.0; }
  double value() const { return value_; }

 private:
  [[noreturn]] static void reject(double amount);
  double value_ = 0.0;
};

// A value that goes up and down. NaN is rejected with std::invalid_argument.
class Gauge {
 public:
  void set(double value) {
    if (std::isnan(value)) reject();
    value_ = value;
  }
  void add(double delta) {
    if (std::isnan(delta)) reject();
    value_ += delta;
  }
  void inc() { value_ += 1.0; }
  void dec() { value_ -= 1.0; }
  double value() const { return value_; }

 private:
  [[noreturn]] static void reject();
  double value_ = 0.0;
};

// What `Metrics::for_each` shows of one series; valid during the call only.
struct MetricView {
  MetricKind kind;
  std::string_view name;  // canonical, with labels
  std::string_view help;
  double value;                // a counter's or gauge's value; a histogram's count
  const Histogram* histogram;  // the histogram itself, for kHistogram; else nullptr
};

// The percentile named by a stat suffix: "p99" -> 99, "p999" -> 99.9, "p100" -> 100;
// nullopt if `stat` is not "p" followed by at least two digits (or "p100").
std::optional<double> parse_percentile_stat(std::string_view stat);

// A histogram statistic by its stat suffix (see the query syntax); nullopt for an
// unknown stat, or a stat without value on an empty histogram.
std::optional<double> histogram_stat(const Histogram& histogram, std::string_view stat);

class Metrics {
 public:
  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;
  Metrics(Metrics&&) = default;
  Metrics& operator=(Metrics&&) = default;
  ~Metrics() = default;

  Counter& counter(std::string_view name, std::string_view help = "");
  Gauge& gauge(std::string_view name, std::string_view help = "");
  Histogram& histogram(std::string_view name, std::string_view help = "");

  // See the query syntax above.
  std::optional<double> query(std::string_view ref) const;
  // The histogram a ref's series part names: a histogram series (any label order), or a
  // histogram family's merged histogram (its only series' when it has one); nullptr if
  // none. For statistics over a window (Histogram::since).
  const Histogram* find_histogram(std::string_view series_or_family) const;
  // Whether `ref` is well-formed, whether or not its series exists (for validation
  // before a run).
  static bool is_valid_query(std::string_view ref);

  std::optional<double> sum_over(std::string_view family_ref) const;
  std::optional<double> max_over(std::string_view family_ref) const;
  std::optional<double> min_over(std::string_view family_ref) const;

  // Calls `visit` for every series, in name order.
  void for_each(const std::function<void(const MetricView&)>& visit) const;
  std::size_t size() const { return series_.size(); }

  // Records the series `name` in its own time series columns too (see above), from the
  // next sample on. `name` is canonicalized (any label order) and need not be registered
  // yet; std::logic_error if it is not a valid metric name.
  void keep_series(std::string_view name);
  // The same for every series of the family `base` (a base name, no labels), present and
  // future; std::logic_error if `base` is not a valid base name.
  void keep_family(std::string_view base);

  // Appends (or, at the same `now`, rewrites) the row of time `now`; `now` must not be
  // before the last sample's (std::logic_error).
  void sample(Time now);
  const TimeSeries& series() const { return time_series_; }

 private:
  static constexpr std::size_t kNoColumn = std::numeric_limits<std::size_t>::max();
  // A histogram's state at the previous row and at this row, for its interval columns.
  struct RowWindow {
    Histogram at_previous_row;
    Histogram at_this_row;
  };
  struct Series {
    std::variant<Counter, Gauge, Histogram> metric;
    std::string help;
    // Time series columns of a kept series: [value] for counters and gauges, [count, p50,
    // p99, cumulative p50, cumulative p99] for histograms; kNoColumn until its first sample.
    std::array<std::size_t, 5> columns = {kNoColumn, kNoColumn, kNoColumn, kNoColumn, kNoColumn};
    bool kept = false;
    RowWindow window;  // kept histograms only
  };
  using SeriesMap = std::map<std::string, Series, std::less<>>;
  struct Member {
    const std::string* name;  // the key in series_
    Series* series;
  };
  // A family's series and its aggregate columns.
  struct Family {
    MetricKind kind = MetricKind::kCounter;
    std::vector<Member> members;  // in name order, as sum_over visits them
    // The merged histogram of a histogram family of two or more series, fed by each.
    std::optional<Histogram> merged;
    // counter/gauge: [sum, min, max]; histogram: [count, p50, p99, cumulative p50,
    // cumulative p99]; kNoColumn until used.
    std::array<std::size_t, 5> columns = {kNoColumn, kNoColumn, kNoColumn, kNoColumn, kNoColumn};
    bool keep_all = false;
    RowWindow window;  // histogram families only
  };

  Series& find_or_add(std::string_view name, std::string_view help, MetricKind kind);
  void check_no_clash(const std::string& canonical, MetricKind kind) const;
  // The kind of the family `base`, if it has a series.
  std::optional<MetricKind> family_kind(std::string_view base) const;
  // Calls `visit` for every series of the family `base`, in name order.
  void for_each_in_family(std::string_view base,
                          const std::function<void(const Series&)>& visit) const;
  // `ref` (no stat) or `stat` of every series in the family, combined by `combine`.
  std::optional<double> aggregate(std::string_view family_ref,
                                  const std::function<double(double, double)>& combine) const;

  void add_to_family(const std::string& name, Series& series, MetricKind kind);
  void sample_family(const std::string& base, Family& family);
  void sample_series(const std::string& name, Series& series);
  // The five histogram columns of `name` from `histogram`, its interval since the
  // previous row kept in `window`.
  void sample_histogram(const std::string& name, const Histogram& histogram,
                        std::array<std::size_t, 5>& columns, RowWindow& window);

  SeriesMap series_;
  std::map<std::string, Family, std::less<>> families_;
  std::set<std::string, std::less<>> kept_series_;  // canonical names, registered or not
  TimeSeries time_series_;
  bool new_row_ = false;  // the row being sampled is a new one (not a rewrite)
};

}  // namespace kcsim::sim
