// RunRecorder: watches a run (runner::RunObserver) and fills a RunRecord for the HTML
// report: process lives from the simulation's lifecycle observers, faults from the
// trace, timeline actions from the scenario, roles from what components publish, and
// windowed percentiles of each histogram family at every metrics sample.
//
// Roles: a component that publishes leadership as gauges `<x>_is_leader{member="P"}`
// and `<x>_has_leader{member="P"}` (etcd does: etcd_server_is_leader,
// etcd_server_has_leader) gives process P the role "leader" (is_leader 1), "follower"
// (has_leader 1) or "candidate" (up, with no leader known: a follower whose leader is
// gone, a pre-candidate or a candidate; the gauges do not tell them apart). The gauges
// are read after every trace record, so a role changes at the event that changed it.
//
// An observer only: it draws nothing and records nothing, so the run's hash is the same
// with or without it. Memory: a span per change, a mark per fault, a row per sample.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/runner/run.h"
#include "model/scenario/scenario.h"
#include "reports/record/run_record.h"
#include "sim/histogram.h"
#include "sim/metrics.h"
#include "sim/trace.h"

namespace kcsim::reports {

class RunRecorder final : public runner::RunObserver {
 public:
  explicit RunRecorder(const scenario::Scenario& scenario);
  ~RunRecorder() override;

  void on_built(sim::Simulation& simulation, runner::World& world) override;
  void on_sample(const sim::Simulation& simulation) override;

  // Closes the open spans at the run's end and returns the record.
  RunRecord finish(double end_s);

  // Called by the recorder's trace sink for every record.
  void on_trace(const sim::TraceRecord& record);

 private:
  struct RoleGauges {
    sim::ProcessId process = sim::kNoProcess;
    const sim::Gauge* is_leader = nullptr;
    const sim::Gauge* has_leader = nullptr;
  };
  Lane& lane(sim::ProcessId id);
  static void change(std::vector<Span>& spans, double at_s, const std::string& name);
  void refresh_role_gauges();
  void update_roles(double at_s);
  void sample_windows(double at_s);

  const scenario::Scenario& scenario_;
  sim::Simulation* simulation_ = nullptr;
  std::vector<Lane> lanes_;
  std::vector<Mark> marks_;
  std::vector<RoleGauges> role_gauges_;
  std::size_t metrics_seen_ = 0;  // series count when the role gauges were last looked up
  // Per histogram family: the merged histogram at the last sample, and its windows.
  std::map<std::string, sim::Histogram, std::less<>> last_;
  std::map<std::string, WindowSeries, std::less<>> windows_;
  double last_sample_s_ = -1;
};

}  // namespace kcsim::reports
