// The memory a run's metric time series takes: one gauge family of N labelled series
// (a per-node metric of N nodes), sampled S times (an hour at a 1 s metricsInterval).
// A plain program, not a Google Benchmark: it measures bytes, not time.
//
//   metrics_memory [series=5000] [samples=3600] [keep=0]
//
// `keep` = 1 keeps every series of the family (Metrics::keep_family): the per-series
// columns of the time series, as every series was recorded before the aggregates.
// Prints the time series' shape and the heap the sampling took (glibc's mallinfo2:
// bytes in use after the samples minus before them, so registration is left out).
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/metric_name.h"
#include "sim/metrics.h"
#include "sim/time.h"

int main(int argc, char** argv) {
  using namespace kcsim::sim;
  const int series_count = argc > 1 ? std::atoi(argv[1]) : 5000;
  const int samples = argc > 2 ? std::atoi(argv[2]) : 3600;
  const bool keep = argc > 3 && std::atoi(argv[3]) != 0;
  Metrics metrics;
  if (keep) metrics.keep_family("kubelet_node_ready");
  std::vector<Gauge*> gauges;
  for (int node = 0; node < series_count; ++node) {
    gauges.push_back(
        &metrics.gauge(labeled("kubelet_node_ready", {{"node", "node-" + std::to_string(node)}})));
  }
  const std::size_t heap_before = mallinfo2().uordblks;
  for (int sample = 0; sample < samples; ++sample) {
    gauges[static_cast<std::size_t>(sample % series_count)]->add(1);
    metrics.sample(sample * kSecond);
  }
  const std::size_t heap_after = mallinfo2().uordblks;
  const TimeSeries& series = metrics.series();
  std::printf(
      "series %d samples %d keep %d: columns %zu rows %zu, cells %zu bytes, heap %zu bytes\n",
      series_count, samples, keep ? 1 : 0, series.column_count(), series.row_count(),
      series.column_count() * series.row_count() * sizeof(double), heap_after - heap_before);
  return 0;
}
