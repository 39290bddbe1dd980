// Checking a scenario's names before its run: every name in its checks must be a state a
// component publishes, or a metric ref with a statistic that fits its kind; every name in
// keepSeries a metric. Each error says what is wrong and, when a known name is close,
// "did you mean".
//
// Contract (names as the check language reads them, sim/metrics.h's query syntax):
//  - a state ("etcd.has_leader"), or a counter or gauge series or family with no
//    statistic ("ping_replies_total", "x{a=\"1\"}"): known;
//  - a histogram series or family with a statistic (count, sum, mean, min, max, p50,
//    p99, p999...): known; without one, or with another ("...seconds.avg"), an error
//    listing the statistics;
//  - a statistic on a counter or gauge: an error (they have none);
//  - a windowed ref ("x.p99 over [20s, 30s]", predicate.h) is checked as its ref;
//  - anything else: an error, with the closest known name when one is near.
//  Metrics registered only once the run is under way (a family whose labelled series
//  appear later) cannot be known before the run: a name whose family has no series yet
//  but is a valid ref under a family that exists is accepted, as before.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/runner/world.h"
#include "sim/metrics.h"

namespace kcsim::runner {

// Empty if `name` is known; else the message ("no metric or state ... is named \"x\"
// (did you mean \"y\"?)").
std::string check_name(const World& world, const sim::Metrics& metrics, std::string_view name);

// The known name closest to `name` by edit distance, if one is close enough to suggest.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace kcsim::runner
