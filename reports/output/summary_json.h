// summary.json: the one file every run writes, the contract of DESIGN.md.
//
// Keys: scenario, seed, trace_hash (16 hex digits), sim_time_s, wall_time_s, events,
// trace_records, passed, interrupted, checks [{name, passed, detail}], and metrics
// {name: value}: each counter and gauge by name, each histogram as name.count,
// name.mean, name.p50, name.p99 and name.max (only the count when it is empty).
// Keys of `metrics` are in name order, so two summaries of one run compare equal
// apart from wall_time_s.
#pragma once

#include <nlohmann/json.hpp>

#include "model/runner/run.h"

namespace kcsim::reports {

nlohmann::ordered_json summary_json(const runner::RunResult& result);

}  // namespace kcsim::reports
