// summary.json: the one file every run writes, the contract of DESIGN.md.
//
// Keys: scenario, seed, seed_string (the seed in decimal, exact for any reader: a JSON
// reader that parses numbers as doubles keeps only 53 bits, and a seed may use 64),
// trace_hash (16 hex digits), sim_time_s, wall_time_s, events, trace_records, passed,
// interrupted, kcsim {version, commit}, overrides (the --set texts, in order; see
// provenance.h), checks [{name, status, passed, detail}] (status: passed, failed,
// undecided or "not evaluated"), digest (the run's digest lines, runner/digest.h), and metrics
// {name: value}: each counter and gauge by name, each histogram as name.count,
// name.mean, name.p50, name.p99 and name.max (only the count when it is empty).
// Keys of `metrics` are in name order, so two summaries of one run compare equal
// apart from wall_time_s.
#pragma once

#include <nlohmann/json.hpp>

#include "model/runner/run.h"
#include "reports/output/provenance.h"

namespace kcsim::reports {

nlohmann::ordered_json summary_json(const runner::RunResult& result,
                                    const Provenance& provenance = {});

}  // namespace kcsim::reports
