#include "sim/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace kcsim::sim {
namespace {

TEST(Counter, AddsAndRejectsNegativeOrNonFiniteAmounts) {
  Counter c;
  c.add(2.5);
  c.inc();
  c.add(0.0);
  EXPECT_EQ(c.value(), 3.5);
  EXPECT_THROW(c.add(-1.0), std::invalid_argument);
  EXPECT_THROW(c.add(std::nan("")), std::invalid_argument);
  EXPECT_THROW(c.add(INFINITY), std::invalid_argument);
  EXPECT_EQ(c.value(), 3.5);
}

TEST(Gauge, SetsAndAddsBothWays) {
  Gauge g;
  g.set(10);
  g.add(-3);
  g.dec();
  g.inc();
  g.inc();
  EXPECT_EQ(g.value(), 8.0);
  EXPECT_THROW(g.set(std::nan("")), std::invalid_argument);
  EXPECT_EQ(g.value(), 8.0);
}

TEST(Metrics, TheSameNameGivesTheSameObject) {
  Metrics m;
  Counter& a = m.counter("requests_total", "Requests served.");
  Counter& b = m.counter("requests_total");
  EXPECT_EQ(&a, &b);
  a.add(3);
  EXPECT_EQ(m.query("requests_total"), 3.0);
  EXPECT_EQ(&m.gauge("g"), &m.gauge("g"));
  EXPECT_EQ(&m.histogram("h"), &m.histogram("h"));
  EXPECT_EQ(m.size(), 3u);
}

TEST(Metrics, LabelOrderDoesNotMakeANewSeries) {
  Metrics m;
  Counter& a = m.counter(labeled("x", {{"verb", "GET"}, {"code", "200"}}));
  Counter& b = m.counter("x{verb=\"GET\", code=\"200\"}");
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(m.size(), 1u);
}

TEST(Metrics, AKindClashIsALogicError) {
  Metrics m;
  m.counter("c");
  m.gauge("g");
  m.histogram("h");
  EXPECT_THROW(m.gauge("c"), std::logic_error);
  EXPECT_THROW(m.histogram("c"), std::logic_error);
  EXPECT_THROW(m.counter("g"), std::logic_error);
  EXPECT_THROW(m.counter("h"), std::logic_error);
  EXPECT_EQ(m.size(), 3u);  // nothing was added by the failed calls
}

TEST(Metrics, AFamilyHasOneKind) {
  Metrics m;
  m.counter(labeled("x", {{"member", "a"}}));
  EXPECT_THROW(m.gauge(labeled("x", {{"member", "b"}})), std::logic_error);
  EXPECT_THROW(m.gauge("x"), std::logic_error);
  m.counter("x");      // the same kind is fine, with or without labels
  m.gauge("x_other");  // another family whose name starts the same
}

TEST(Metrics, ANameThatShadowsAHistogramStatIsALogicError) {
  Metrics m;
  m.histogram("latency");
  EXPECT_THROW(m.gauge("latency.p99"), std::logic_error);
  EXPECT_THROW(m.gauge("latency.count{a=\"1\"}"), std::logic_error);
  m.gauge("latency.budget");  // not a stat: fine
  m.gauge("size.count");
  EXPECT_THROW(m.histogram("size"), std::logic_error);
  EXPECT_THROW(m.histogram("size{a=\"1\"}"), std::logic_error);
}

TEST(Metrics, AnInvalidNameIsALogicError) {
  Metrics m;
  EXPECT_THROW(m.counter(""), std::logic_error);
  EXPECT_THROW(m.counter("x{a=1}"), std::logic_error);
  EXPECT_THROW(m.histogram("has space"), std::logic_error);
}

TEST(Metrics, ReferencesStayValidAfterManyRegistrations) {
  Metrics m;
  Counter& first = m.counter("m_0000");
  Histogram& histogram = m.histogram("h");
  first.add(7);
  histogram.record(1.0);
  std::vector<Counter*> all{&first};
  for (int i = 1; i < 10'000; ++i) {
    std::string name = "m_" + std::to_string(10'000 + i).substr(1);
    Counter& c = m.counter(name);
    c.add(i);
    all.push_back(&c);
  }
  EXPECT_EQ(&m.counter("m_0000"), &first);
  EXPECT_EQ(&m.histogram("h"), &histogram);
  first.add(1);
  histogram.record(3.0);
  EXPECT_EQ(m.query("m_0000"), 8.0);
  EXPECT_EQ(m.query("h.count"), 2.0);
  for (int i = 1; i < 10'000; ++i) {
    ASSERT_EQ(all[static_cast<std::size_t>(i)]->value(), i);
  }
  EXPECT_EQ(m.query("m_9999"), 9999.0);
}

TEST(Metrics, QueryReturnsCounterAndGaugeValues) {
  Metrics m;
  m.counter("etcd.leader_changes").add(2);
  m.gauge(labeled("etcd_server_has_leader", {{"member", "etcd-0"}})).set(1);
  EXPECT_EQ(m.query("etcd.leader_changes"), 2.0);
  EXPECT_EQ(m.query("etcd_server_has_leader{member=\"etcd-0\"}"), 1.0);
  EXPECT_EQ(m.query("etcd_server_has_leader{ member = \"etcd-0\" }"), 1.0);
  EXPECT_EQ(m.query("etcd_server_has_leader"), std::nullopt);  // only labeled series
  EXPECT_EQ(m.query("missing"), std::nullopt);
  EXPECT_EQ(m.query("etcd.leader_changes.p99"), std::nullopt);  // no stat on a counter
  EXPECT_EQ(m.query("{broken"), std::nullopt);
}

TEST(Metrics, QueryReturnsHistogramStats) {
  Metrics m;
  Histogram& h = m.histogram(labeled("request_duration_seconds", {{"verb", "GET"}}));
  for (int i = 1; i <= 1000; ++i)
    h.record(i / 1000.0);  // 1 ms .. 1 s
  const std::string name = "request_duration_seconds{verb=\"GET\"}";
  EXPECT_EQ(m.query(name + ".count"), 1000.0);
  EXPECT_NEAR(*m.query(name + ".sum"), 500.5, 1e-9);
  EXPECT_NEAR(*m.query(name + ".mean"), 0.5005, 1e-12);
  EXPECT_EQ(m.query(name + ".min"), 0.001);
  EXPECT_EQ(m.query(name + ".max"), 1.0);
  // Nearest rank: p50 is the 500th value, 0.5 s; p999 the 999th, 0.999 s.
  EXPECT_NEAR(*m.query(name + ".p50"), 0.5, 0.5 * 0.01);
  EXPECT_NEAR(*m.query(name + ".p90"), 0.9, 0.9 * 0.01);
  EXPECT_NEAR(*m.query(name + ".p95"), 0.95, 0.95 * 0.01);
  EXPECT_NEAR(*m.query(name + ".p99"), 0.99, 0.99 * 0.01);
  EXPECT_NEAR(*m.query(name + ".p999"), 0.999, 0.999 * 0.01);
  EXPECT_EQ(m.query(name + ".p100"), 1.0);
  EXPECT_EQ(m.query(name), std::nullopt);          // a histogram needs a stat
  EXPECT_EQ(m.query(name + ".p9"), std::nullopt);  // one digit is ambiguous
  EXPECT_EQ(m.query(name + ".median"), std::nullopt);
  EXPECT_EQ(m.query("request_duration_seconds{verb=\"PUT\"}.count"), std::nullopt);
}

TEST(Metrics, AnEmptyHistogramHasACountButNoPercentiles) {
  Metrics m;
  m.histogram("h");
  EXPECT_EQ(m.query("h.count"), 0.0);
  EXPECT_EQ(m.query("h.sum"), 0.0);
  EXPECT_EQ(m.query("h.p99"), std::nullopt);
  EXPECT_EQ(m.query("h.mean"), std::nullopt);
  EXPECT_EQ(m.query("h.max"), std::nullopt);
}

TEST(Metrics, AnExactNameWinsOverAStatSuffix) {
  Metrics m;
  m.gauge("queue.depth").set(4);  // "depth" is not a stat, but the rule is exact-first
  m.histogram("queue.wait").record(2.0);
  EXPECT_EQ(m.query("queue.depth"), 4.0);
  EXPECT_EQ(m.query("queue.wait.max"), 2.0);
}

TEST(ParsePercentileStat, ReadsDigitsAsTheQuantilesDecimals) {
  EXPECT_EQ(parse_percentile_stat("p50"), 50.0);
  EXPECT_EQ(parse_percentile_stat("p90"), 90.0);
  EXPECT_EQ(parse_percentile_stat("p99"), 99.0);
  EXPECT_EQ(parse_percentile_stat("p999"), 99.9);
  EXPECT_EQ(parse_percentile_stat("p9999"), 99.99);
  EXPECT_EQ(parse_percentile_stat("p05"), 5.0);
  EXPECT_EQ(parse_percentile_stat("p00"), 0.0);
  EXPECT_EQ(parse_percentile_stat("p100"), 100.0);
  EXPECT_EQ(parse_percentile_stat("p5"), std::nullopt);
  EXPECT_EQ(parse_percentile_stat("p"), std::nullopt);
  EXPECT_EQ(parse_percentile_stat("q99"), std::nullopt);
  EXPECT_EQ(parse_percentile_stat("p9x"), std::nullopt);
  EXPECT_EQ(parse_percentile_stat("p1234567890123456"), std::nullopt);  // too many digits
}

TEST(Metrics, IsValidQueryChecksSyntaxOnly) {
  EXPECT_TRUE(Metrics::is_valid_query("anything_not_registered"));
  EXPECT_TRUE(Metrics::is_valid_query("h{verb=\"GET\"}.p99"));
  EXPECT_TRUE(Metrics::is_valid_query("etcd.leader_changes"));
  EXPECT_FALSE(Metrics::is_valid_query("h{verb=\"GET\"}.median"));
  EXPECT_FALSE(Metrics::is_valid_query("h{verb=GET}"));
  EXPECT_FALSE(Metrics::is_valid_query(""));
}

TEST(Metrics, AggregatesOverAFamilyOnly) {
  Metrics m;
  for (int i = 0; i < 3; ++i)
    m.gauge(labeled("has_leader", {{"member", "etcd-" + std::to_string(i)}})).set(i == 1);
  m.gauge("has_leader_total").set(100);  // another family with the same prefix
  m.gauge("has_leader.old").set(100);    // likewise
  m.gauge("has_leaders").set(100);       // likewise
  EXPECT_EQ(m.sum_over("has_leader"), 1.0);
  EXPECT_EQ(m.max_over("has_leader"), 1.0);
  EXPECT_EQ(m.min_over("has_leader"), 0.0);
  EXPECT_EQ(m.sum_over("nothing"), std::nullopt);
  EXPECT_EQ(m.sum_over("has_leader{member=\"etcd-0\"}"), std::nullopt);  // no labels here
}

TEST(Metrics, AggregatesIncludeTheUnlabeledSeries) {
  Metrics m;
  m.counter("c").add(1);
  m.counter("c{a=\"x\"}").add(10);
  EXPECT_EQ(m.sum_over("c"), 11.0);
  EXPECT_EQ(m.min_over("c"), 1.0);
}

TEST(Metrics, AggregatesAHistogramStatAcrossTheFamilySkippingEmptyOnes) {
  Metrics m;
  Histogram& fast = m.histogram(labeled("fsync_seconds", {{"member", "etcd-0"}}));
  Histogram& slow = m.histogram(labeled("fsync_seconds", {{"member", "etcd-1"}}));
  m.histogram(labeled("fsync_seconds", {{"member", "etcd-2"}}));  // empty
  for (int i = 0; i < 100; ++i) {
    fast.record(0.001);
    slow.record(0.1);
  }
  EXPECT_NEAR(*m.max_over("fsync_seconds.p99"), 0.1, 0.1 * 0.01);
  EXPECT_NEAR(*m.min_over("fsync_seconds.p99"), 0.001, 0.001 * 0.01);
  EXPECT_EQ(m.sum_over("fsync_seconds.count"), 200.0);   // the empty one counts 0
  EXPECT_EQ(m.sum_over("fsync_seconds"), std::nullopt);  // a histogram needs a stat
  EXPECT_EQ(m.sum_over("fsync_seconds.median"), std::nullopt);
}

TEST(Metrics, ForEachVisitsInNameOrderWithKindHelpAndValues) {
  Metrics m;
  m.histogram("b_latency", "Latency.").record(2.0);
  m.counter("c_total", "Total.").add(5);
  m.gauge("a_depth").set(-1);
  m.counter("c_total", "Ignored: the first help stays.");
  m.gauge("a_depth", "Filled in later.");
  std::vector<std::string> names;
  m.for_each([&](const MetricView& view) {
    names.emplace_back(view.name);
    if (view.name == "a_depth") {
      EXPECT_EQ(view.kind, MetricKind::kGauge);
      EXPECT_EQ(view.value, -1.0);
      EXPECT_EQ(view.help, "Filled in later.");
      EXPECT_EQ(view.histogram, nullptr);
    } else if (view.name == "b_latency") {
      EXPECT_EQ(view.kind, MetricKind::kHistogram);
      EXPECT_EQ(view.value, 1.0);
      ASSERT_NE(view.histogram, nullptr);
      EXPECT_EQ(view.histogram->max(), 2.0);
    } else {
      EXPECT_EQ(view.kind, MetricKind::kCounter);
      EXPECT_EQ(view.value, 5.0);
      EXPECT_EQ(view.help, "Total.");
    }
  });
  EXPECT_EQ(names, (std::vector<std::string>{"a_depth", "b_latency", "c_total"}));
  EXPECT_EQ(to_string(MetricKind::kHistogram), "histogram");
}

TEST(Metrics, SampleAppendsOneRowPerTimeWithColumnsInNameOrder) {
  Metrics m;
  Counter& requests = m.counter("requests_total");
  Histogram& latency = m.histogram("latency");
  requests.add(1);
  m.sample(0);
  requests.add(2);
  for (int i = 1; i <= 100; ++i)
    latency.record(i);
  Gauge& late = m.gauge("a_late");
  late.set(7);
  m.sample(kSecond);

  const TimeSeries& series = m.series();
  EXPECT_EQ(series.column_names(),
            (std::vector<std::string>{"a_late", "latency.count", "latency.cumulative.p50",
                                      "latency.cumulative.p99", "latency.p50", "latency.p99",
                                      "requests_total"}));
  ASSERT_EQ(series.row_count(), 2u);
  EXPECT_EQ(series.row_time(0), 0);
  EXPECT_EQ(series.row_time(1), kSecond);
  const std::vector<double> row0 = series.row(0);
  EXPECT_TRUE(std::isnan(row0[0]));  // registered after the first sample
  EXPECT_EQ(row0[1], 0.0);           // empty histogram: count 0 ...
  EXPECT_TRUE(std::isnan(row0[2]));  // ... and no percentiles
  EXPECT_TRUE(std::isnan(row0[5]));
  EXPECT_EQ(row0[6], 1.0);
  const std::vector<double> row1 = series.row(1);
  EXPECT_EQ(row1[0], 7.0);
  EXPECT_EQ(row1[1], 100.0);
  EXPECT_NEAR(row1[2], 50.0, 0.5);
  EXPECT_NEAR(row1[3], 99.0, 0.99);
  EXPECT_NEAR(row1[4], 50.0, 0.5);  // the interval holds every sample so far
  EXPECT_NEAR(row1[5], 99.0, 0.99);
  EXPECT_EQ(row1[6], 3.0);
  // Cumulative column names are refs: they query the same values.
  EXPECT_EQ(m.query("latency.p99"), row1[3]);
}

TEST(Metrics, IntervalPercentilesForgetEarlierIntervalsAndARewriteKeepsTheInterval) {
  Metrics m;
  Histogram& latency = m.histogram("latency_seconds");
  latency.record(10);
  m.sample(kSecond);
  latency.record(0.001);
  m.sample(2 * kSecond);
  latency.record(0.002);
  m.sample(2 * kSecond);  // the same row again: still the interval (1s, 2s]
  const std::vector<double>& p99 = *m.series().column("latency_seconds.p99");
  ASSERT_EQ(p99.size(), 2u);
  EXPECT_EQ(p99[0], 10.0);
  EXPECT_NEAR(p99[1], 0.002, 0.002 * 0.004);  // 10s is in the earlier interval
  EXPECT_EQ(m.series().column("latency_seconds.cumulative.p99")->back(), 10.0);
  m.sample(3 * kSecond);
  EXPECT_TRUE(std::isnan(m.series().column("latency_seconds.p99")->back()));  // none recorded
}

TEST(Metrics, SampleAtTheSameTimeRewritesTheRowAndTimeCannotGoBack) {
  Metrics m;
  Gauge& g = m.gauge("g");
  g.set(1);
  m.sample(kSecond);
  g.set(2);
  m.sample(kSecond);
  ASSERT_EQ(m.series().row_count(), 1u);
  EXPECT_EQ(m.series().row(0), (std::vector<double>{2.0}));
  EXPECT_THROW(m.sample(0), std::logic_error);
}

TEST(Metrics, RegistriesAreIndependent) {
  Metrics run_a;
  Metrics run_b;
  run_a.counter("c").add(1);
  EXPECT_EQ(run_b.query("c"), std::nullopt);
  Metrics moved = std::move(run_a);
  EXPECT_EQ(moved.query("c"), 1.0);
}

// Per-series columns for thousands of nodes would take gigabytes: by default a family
// is recorded as one aggregate.
TEST(Metrics, SampleRecordsOneAggregatePerFamilyEqualToTheSumOfItsSeries) {
  Metrics m;
  m.counter(labeled("requests_total", {{"node", "a"}})).add(1.5);
  m.counter(labeled("requests_total", {{"node", "b"}})).add(2.25);
  m.counter(labeled("requests_total", {{"node", "c"}})).add(4);
  m.gauge(labeled("has_leader", {{"member", "etcd-0"}})).set(1);
  m.gauge(labeled("has_leader", {{"member", "etcd-1"}})).set(0);
  m.gauge(labeled("has_leader", {{"member", "etcd-2"}})).set(1);
  m.sample(kSecond);

  const TimeSeries& series = m.series();
  EXPECT_EQ(series.column_names(), (std::vector<std::string>{"has_leader", "has_leader.max",
                                                             "has_leader.min", "requests_total"}));
  EXPECT_EQ(series.column("requests_total")->back(), m.sum_over("requests_total"));
  EXPECT_EQ(series.column("requests_total")->back(), 7.75);
  EXPECT_EQ(series.column("has_leader")->back(), m.sum_over("has_leader"));
  EXPECT_EQ(series.column("has_leader")->back(), 2.0);
  EXPECT_EQ(series.column("has_leader.min")->back(), 0.0);
  EXPECT_EQ(series.column("has_leader.max")->back(), 1.0);
}

TEST(Metrics, AHistogramFamilyIsRecordedAsItsMergedHistogram) {
  Metrics m;
  Histogram& a = m.histogram(labeled("fsync_seconds", {{"member", "a"}}));
  for (int i = 1; i <= 50; ++i)
    a.record(i);  // before the second series: merged in when it comes
  Histogram& b = m.histogram(labeled("fsync_seconds", {{"member", "b"}}));
  for (int i = 51; i <= 100; ++i)
    b.record(i);
  Histogram& c = m.histogram(labeled("fsync_seconds", {{"member", "c"}}));
  c.record(1000);
  m.sample(kSecond);

  Histogram expected;
  expected.merge(a);
  expected.merge(b);
  expected.merge(c);
  const TimeSeries& series = m.series();
  EXPECT_EQ(series.column_names(),
            (std::vector<std::string>{"fsync_seconds.count", "fsync_seconds.cumulative.p50",
                                      "fsync_seconds.cumulative.p99", "fsync_seconds.p50",
                                      "fsync_seconds.p99"}));
  EXPECT_EQ(series.column("fsync_seconds.count")->back(), 101.0);
  EXPECT_EQ(series.column("fsync_seconds.count")->back(), m.sum_over("fsync_seconds.count"));
  EXPECT_EQ(series.column("fsync_seconds.p50")->back(), expected.percentile(50));
  EXPECT_EQ(series.column("fsync_seconds.p99")->back(), expected.percentile(99));
}

TEST(Metrics, AKeptSeriesIsRecordedAndAnUnkeptOneIsNot) {
  Metrics m;
  m.keep_series(R"(has_leader{member="etcd-1"})");  // before it is registered
  m.gauge(labeled("has_leader", {{"member", "etcd-0"}})).set(1);
  m.gauge(labeled("has_leader", {{"member", "etcd-1"}})).set(3);
  m.histogram(labeled("latency", {{"node", "a"}})).record(2);
  m.histogram(labeled("latency", {{"node", "b"}})).record(4);
  m.keep_series(R"(latency{node="b"})");  // after
  m.sample(kSecond);

  const TimeSeries& series = m.series();
  EXPECT_EQ(series.column_names(),
            (std::vector<std::string>{
                "has_leader", "has_leader.max", "has_leader.min", R"(has_leader{member="etcd-1"})",
                "latency.count", "latency.cumulative.p50", "latency.cumulative.p99", "latency.p50",
                "latency.p99", R"(latency{node="b"}.count)", R"(latency{node="b"}.cumulative.p50)",
                R"(latency{node="b"}.cumulative.p99)", R"(latency{node="b"}.p50)",
                R"(latency{node="b"}.p99)"}));
  EXPECT_EQ(series.column(R"(has_leader{member="etcd-1"})")->back(), 3.0);
  EXPECT_EQ(series.column(R"(has_leader{member="etcd-0"})"), nullptr);
  EXPECT_EQ(series.column(R"(latency{node="a"}.count)"), nullptr);
  EXPECT_EQ(series.column(R"(latency{node="b"}.count)")->back(), 1.0);
  EXPECT_EQ(series.column("latency.count")->back(), 2.0);
}

TEST(Metrics, KeepFamilyRecordsEverySeriesOfTheFamily) {
  Metrics m;
  m.keep_family("requests_total");
  m.counter(labeled("requests_total", {{"node", "a"}})).add(1);
  m.counter(labeled("requests_total", {{"node", "b"}})).add(2);
  m.counter(labeled("other_total", {{"node", "a"}})).add(5);
  m.sample(kSecond);
  EXPECT_EQ(m.series().column_names(), (std::vector<std::string>{"other_total", "requests_total",
                                                                 R"(requests_total{node="a"})",
                                                                 R"(requests_total{node="b"})"}));
  EXPECT_THROW(m.keep_series("no{"), std::logic_error);
  EXPECT_THROW(m.keep_family(R"(x{a="1"})"), std::logic_error);
}

TEST(Metrics, AFamilyOfManySeriesTakesAFewColumnsNotOnePerSeries) {
  Metrics m;
  for (int node = 0; node < 1000; ++node)
    m.gauge(labeled("kubelet_ready", {{"node", std::to_string(node)}})).set(1);
  for (int t = 0; t < 10; ++t)
    m.sample(t * kSecond);
  EXPECT_EQ(m.series().column_count(), 3u);
  EXPECT_EQ(m.series().column("kubelet_ready")->back(), 1000.0);
}

TEST(Histogram, ACopyDoesNotFeedTheAggregate) {
  Histogram aggregate;
  Histogram fed;
  fed.feed_into(&aggregate);
  fed.record(1);
  Histogram copy = fed;
  copy.record(2);
  fed.merge(copy);
  EXPECT_EQ(aggregate.count(), 3u);  // 1, then the merge of copy's two samples
  EXPECT_EQ(fed.count(), 3u);
}

}  // namespace
}  // namespace kcsim::sim
