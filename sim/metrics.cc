#include "sim/metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/invariant.h"

namespace kcsim::sim {
namespace {

MetricKind kind_of(const std::variant<Counter, Gauge, Histogram>& metric) {
  return static_cast<MetricKind>(metric.index());
}

struct SplitRef {
  std::string_view series;
  std::string_view stat;
};

// Splits `ref` at the last '.' after its labels; nullopt if there is none or the part
// after it cannot be a stat (lower-case letters and digits only).
std::optional<SplitRef> split_stat(std::string_view ref) {
  const std::size_t close = ref.rfind('}');
  const std::size_t dot = ref.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  if (close != std::string_view::npos && dot < close) return std::nullopt;
  if (close != std::string_view::npos && dot != close + 1) return std::nullopt;
  const std::string_view stat = ref.substr(dot + 1);
  if (stat.empty()) return std::nullopt;
  for (char c : stat) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return std::nullopt;
  }
  return SplitRef{ref.substr(0, dot), stat};
}

bool is_known_stat(std::string_view stat) {
  return stat == "count" || stat == "sum" || stat == "mean" || stat == "min" || stat == "max" ||
         parse_percentile_stat(stat).has_value();
}

std::optional<double> scalar_value(const std::variant<Counter, Gauge, Histogram>& metric) {
  if (const auto* counter = std::get_if<Counter>(&metric)) return counter->value();
  if (const auto* gauge = std::get_if<Gauge>(&metric)) return gauge->value();
  return std::nullopt;
}

// The ref's value for one series: its scalar value when `stat` is empty, else the
// histogram statistic.
std::optional<double> evaluate(const std::variant<Counter, Gauge, Histogram>& metric,
                               std::string_view stat) {
  if (stat.empty()) return scalar_value(metric);
  const auto* histogram = std::get_if<Histogram>(&metric);
  if (histogram == nullptr) return std::nullopt;
  return histogram_stat(*histogram, stat);
}

}  // namespace

std::string_view to_string(MetricKind kind) {
  switch (kind) {
    case MetricKind::kCounter:
      return "counter";
    case MetricKind::kGauge:
      return "gauge";
    case MetricKind::kHistogram:
      return "histogram";
  }
  return "unknown";
}

void Counter::reject(double amount) {
  throw std::invalid_argument("Counter::add: amount must be finite and >= 0, got " +
                              std::to_string(amount));
}

void Gauge::reject() {
  throw std::invalid_argument("Gauge: value must not be NaN");
}

std::optional<double> parse_percentile_stat(std::string_view stat) {
  if (stat == "p100") return 100.0;
  // At most 15 digits, so that they are exact in a double's 53-bit mantissa.
  constexpr std::size_t kMaxDigits = 15;
  if (stat.size() < 3 || stat.size() > 1 + kMaxDigits || stat[0] != 'p') return std::nullopt;
  std::uint64_t digits = 0;
  double scale = 1.0;
  for (std::size_t i = 1; i < stat.size(); ++i) {
    const char c = stat[i];
    if (c < '0' || c > '9') return std::nullopt;
    digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
    if (i > 2) scale *= 10.0;
  }
  return static_cast<double>(digits) / scale;
}

std::optional<double> histogram_stat(const Histogram& histogram, std::string_view stat) {
  if (stat == "count") return static_cast<double>(histogram.count());
  if (stat == "sum") return histogram.sum();
  const auto percent = parse_percentile_stat(stat);
  if (!percent && stat != "mean" && stat != "min" && stat != "max") return std::nullopt;
  if (histogram.count() == 0) return std::nullopt;
  if (stat == "mean") return histogram.mean();
  if (stat == "min") return histogram.min();
  if (stat == "max") return histogram.max();
  return histogram.percentile(*percent);
}

Counter& Metrics::counter(std::string_view name, std::string_view help) {
  return std::get<Counter>(find_or_add(name, help, MetricKind::kCounter).metric);
}

Gauge& Metrics::gauge(std::string_view name, std::string_view help) {
  return std::get<Gauge>(find_or_add(name, help, MetricKind::kGauge).metric);
}

Histogram& Metrics::histogram(std::string_view name, std::string_view help) {
  return std::get<Histogram>(find_or_add(name, help, MetricKind::kHistogram).metric);
}

Metrics::Series& Metrics::find_or_add(std::string_view name, std::string_view help,
                                      MetricKind kind) {
  std::optional<std::string> canonical = canonical_metric_name(name);
  if (!canonical) throw std::logic_error("metric name '" + std::string(name) + "' is invalid");
  auto found = series_.find(*canonical);
  if (found != series_.end()) {
    const MetricKind registered = kind_of(found->second.metric);
    if (registered != kind) {
      throw std::logic_error("metric '" + *canonical + "' is registered as a " +
                             std::string(to_string(registered)) + ", not a " +
                             std::string(to_string(kind)));
    }
    if (found->second.help.empty()) found->second.help = std::string(help);
    return found->second;
  }
  check_no_clash(*canonical, kind);
  Series series;
  switch (kind) {
    case MetricKind::kCounter:
      series.metric.emplace<Counter>();
      break;
    case MetricKind::kGauge:
      series.metric.emplace<Gauge>();
      break;
    case MetricKind::kHistogram:
      series.metric.emplace<Histogram>();
      break;
  }
  series.help = std::string(help);
  series.kept = kept_series_.contains(*canonical);
  auto [inserted, is_new] = series_.emplace(std::move(*canonical), std::move(series));
  KCSIM_ASSERT(is_new);
  KCSIM_ASSERT(kind_of(inserted->second.metric) == kind);
  add_to_family(inserted->first, inserted->second, kind);
  return inserted->second;
}

void Metrics::add_to_family(const std::string& name, Series& series, MetricKind kind) {
  Family& family = families_[std::string(metric_base_name(name))];
  KCSIM_ASSERT_MSG(family.members.empty() || family.kind == kind, "a family has one kind");
  family.kind = kind;
  const auto position = std::lower_bound(
      family.members.begin(), family.members.end(), name,
      [](const Member& member, const std::string& key) { return *member.name < key; });
  family.members.insert(position, Member{&name, &series});
  if (kind != MetricKind::kHistogram || family.members.size() < 2) return;
  auto* histogram = std::get_if<Histogram>(&series.metric);
  KCSIM_ASSERT(histogram != nullptr);
  KCSIM_ASSERT_MSG(histogram->count() == 0, "a series is added to its family when created");
  if (!family.merged) {
    // The second series: the merged histogram starts from the first one's samples.
    family.merged.emplace();
    for (const Member& member : family.members) {
      auto& existing = std::get<Histogram>(member.series->metric);
      family.merged->merge(existing);
      existing.feed_into(&*family.merged);
    }
    return;
  }
  histogram->feed_into(&*family.merged);
}

void Metrics::keep_series(std::string_view name) {
  std::optional<std::string> canonical = canonical_metric_name(name);
  if (!canonical) throw std::logic_error("metric name '" + std::string(name) + "' is invalid");
  if (auto found = series_.find(*canonical); found != series_.end()) found->second.kept = true;
  kept_series_.insert(std::move(*canonical));
}

void Metrics::keep_family(std::string_view base) {
  if (!is_valid_base_name(base)) {
    throw std::logic_error("metric family '" + std::string(base) + "' is not a valid base name");
  }
  families_[std::string(base)].keep_all = true;
}

void Metrics::check_no_clash(const std::string& canonical, MetricKind kind) const {
  const std::string_view base = metric_base_name(canonical);
  const std::optional<MetricKind> existing = family_kind(base);
  if (existing && *existing != kind) {
    throw std::logic_error("metric '" + canonical + "' is a " + std::string(to_string(kind)) +
                           " but its family '" + std::string(base) + "' holds " +
                           std::string(to_string(*existing)) + "s");
  }
  // `h.p99` must not name a series when `h` is a histogram family, nor the reverse:
  // the ref `h.p99` would be ambiguous.
  if (const auto split = split_stat(base);
      split && is_known_stat(split->stat) && family_kind(split->series) == MetricKind::kHistogram) {
    throw std::logic_error("metric '" + canonical + "' would shadow the statistic '" +
                           std::string(split->stat) + "' of the histogram '" +
                           std::string(split->series) + "'");
  }
  if (kind != MetricKind::kHistogram) return;
  const std::string prefix = std::string(base) + ".";
  for (auto it = series_.lower_bound(prefix); it != series_.end() && it->first.starts_with(prefix);
       ++it) {
    const std::string_view rest = metric_base_name(it->first).substr(prefix.size());
    if (rest.find('.') == std::string_view::npos && is_known_stat(rest)) {
      throw std::logic_error("histogram '" + canonical + "' would be shadowed by the metric '" +
                             it->first + "'");
    }
  }
}

std::optional<MetricKind> Metrics::family_kind(std::string_view base) const {
  // Every series of a family has the family's kind, so one member suffices.
  if (auto exact = series_.find(base); exact != series_.end()) {
    return kind_of(exact->second.metric);
  }
  const std::string labeled_prefix = std::string(base) + "{";
  auto first = series_.lower_bound(labeled_prefix);
  if (first != series_.end() && first->first.starts_with(labeled_prefix)) {
    return kind_of(first->second.metric);
  }
  return std::nullopt;
}

void Metrics::for_each_in_family(std::string_view base,
                                 const std::function<void(const Series&)>& visit) const {
  // The family is the series `base` and the range of names starting with `base{`.
  if (auto exact = series_.find(base); exact != series_.end()) visit(exact->second);
  const std::string labeled_prefix = std::string(base) + "{";
  for (auto it = series_.lower_bound(labeled_prefix);
       it != series_.end() && it->first.starts_with(labeled_prefix); ++it) {
    visit(it->second);
  }
}

std::optional<double> Metrics::query(std::string_view ref) const {
  if (const auto canonical = canonical_metric_name(ref)) {
    if (auto found = series_.find(*canonical); found != series_.end()) {
      return scalar_value(found->second.metric);
    }
  }
  const auto split = split_stat(ref);
  if (!split) return std::nullopt;
  const auto canonical = canonical_metric_name(split->series);
  if (!canonical) return std::nullopt;
  auto found = series_.find(*canonical);
  if (found == series_.end()) return std::nullopt;
  const auto* histogram = std::get_if<Histogram>(&found->second.metric);
  if (histogram == nullptr) return std::nullopt;
  return histogram_stat(*histogram, split->stat);
}

bool Metrics::is_valid_query(std::string_view ref) {
  if (canonical_metric_name(ref)) return true;
  const auto split = split_stat(ref);
  return split && canonical_metric_name(split->series) && is_known_stat(split->stat);
}

std::optional<double> Metrics::aggregate(
    std::string_view family_ref, const std::function<double(double, double)>& combine) const {
  if (family_ref.find('{') != std::string_view::npos) return std::nullopt;
  std::string_view base = family_ref;
  std::string_view stat;
  if (!family_kind(base)) {
    const auto split = split_stat(family_ref);
    if (!split || !is_known_stat(split->stat)) return std::nullopt;
    base = split->series;
    stat = split->stat;
  }
  std::optional<double> result;
  for_each_in_family(base, [&](const Series& series) {
    const std::optional<double> value = evaluate(series.metric, stat);
    if (!value) return;
    result = result ? combine(*result, *value) : *value;
  });
  return result;
}

std::optional<double> Metrics::sum_over(std::string_view family_ref) const {
  return aggregate(family_ref, [](double a, double b) { return a + b; });
}

std::optional<double> Metrics::max_over(std::string_view family_ref) const {
  return aggregate(family_ref, [](double a, double b) { return std::max(a, b); });
}

std::optional<double> Metrics::min_over(std::string_view family_ref) const {
  return aggregate(family_ref, [](double a, double b) { return std::min(a, b); });
}

void Metrics::for_each(const std::function<void(const MetricView&)>& visit) const {
  for (const auto& [name, series] : series_) {
    MetricView view{kind_of(series.metric), name, series.help, 0.0, nullptr};
    if (const auto* histogram = std::get_if<Histogram>(&series.metric)) {
      view.value = static_cast<double>(histogram->count());
      view.histogram = histogram;
    } else {
      view.value = *scalar_value(series.metric);
    }
    visit(view);
  }
}

void Metrics::sample(Time now) {
  const std::size_t rows = time_series_.row_count();
  time_series_.begin_row(now);
  new_row_ = time_series_.row_count() > rows;
  for (auto& [base, family] : families_) {
    if (family.members.empty()) continue;  // kept before any series was registered
    sample_family(base, family);
    for (const Member& member : family.members) {
      if (*member.name == base) continue;  // the family's own columns hold it
      if (family.keep_all || member.series->kept) sample_series(*member.name, *member.series);
    }
  }
}

void Metrics::sample_family(const std::string& base, Family& family) {
  std::array<std::size_t, 5>& columns = family.columns;
  if (family.kind == MetricKind::kHistogram) {
    const Histogram& histogram =
        family.merged ? *family.merged : std::get<Histogram>(family.members.front().series->metric);
    sample_histogram(base, histogram, columns, family.window);
    return;
  }
  double sum = 0.0;
  double least = std::numeric_limits<double>::infinity();
  double greatest = -std::numeric_limits<double>::infinity();
  for (const Member& member : family.members) {
    const double value = *scalar_value(member.series->metric);
    sum += value;
    least = std::min(least, value);
    greatest = std::max(greatest, value);
  }
  if (columns[0] == kNoColumn) columns[0] = time_series_.column_index(base);
  time_series_.set(columns[0], sum);
  if (family.kind != MetricKind::kGauge || family.members.size() < 2) return;
  if (columns[1] == kNoColumn) {
    columns[1] = time_series_.column_index(base + ".min");
    columns[2] = time_series_.column_index(base + ".max");
  }
  time_series_.set(columns[1], least);
  time_series_.set(columns[2], greatest);
}

void Metrics::sample_series(const std::string& name, Series& series) {
  if (const auto* histogram = std::get_if<Histogram>(&series.metric)) {
    sample_histogram(name, *histogram, series.columns, series.window);
    return;
  }
  if (series.columns[0] == kNoColumn) series.columns[0] = time_series_.column_index(name);
  time_series_.set(series.columns[0], *scalar_value(series.metric));
}

void Metrics::sample_histogram(const std::string& name, const Histogram& histogram,
                               std::array<std::size_t, 5>& columns, RowWindow& window) {
  if (columns[0] == kNoColumn) {
    columns = {time_series_.column_index(name + ".count"), time_series_.column_index(name + ".p50"),
               time_series_.column_index(name + ".p99"),
               time_series_.column_index(name + ".cumulative.p50"),
               time_series_.column_index(name + ".cumulative.p99")};
  }
  if (new_row_) window.at_previous_row = window.at_this_row;
  window.at_this_row = histogram;
  const Histogram interval = histogram.since(window.at_previous_row);
  time_series_.set(columns[0], static_cast<double>(histogram.count()));
  time_series_.set(columns[1], interval.percentile(50.0));
  time_series_.set(columns[2], interval.percentile(99.0));
  time_series_.set(columns[3], histogram.percentile(50.0));
  time_series_.set(columns[4], histogram.percentile(99.0));
}

const Histogram* Metrics::find_histogram(std::string_view series_or_family) const {
  if (auto it = series_.find(series_or_family); it != series_.end()) {
    return std::get_if<Histogram>(&it->second.metric);
  }
  if (const std::optional<std::string> canonical = canonical_metric_name(series_or_family)) {
    if (auto it = series_.find(*canonical); it != series_.end()) {
      return std::get_if<Histogram>(&it->second.metric);
    }
  }
  const auto family = families_.find(series_or_family);
  if (family == families_.end() || family->second.kind != MetricKind::kHistogram ||
      family->second.members.empty()) {
    return nullptr;
  }
  if (family->second.merged) return &*family->second.merged;
  return std::get_if<Histogram>(&family->second.members.front().series->metric);
}

}  // namespace kcsim::sim
