// `kcsim run --trace perfetto`: the run in Chrome's trace-event JSON (the "JSON Array
// Format" with metadata, `{"traceEvents": [...]}`), which ui.perfetto.dev and
// chrome://tracing open. Timestamps are virtual time in microseconds.
//
//  - A track (thread) per process, named after it, in process id order; tid 0 is the
//    kernel (faults with no process: host crashes, partitions).
//  - Slices: each sample a process's event records in a `*_seconds` histogram is a
//    slice of that length ending when it was recorded, on that process's track, named
//    after the family: etcd_request_duration_seconds (a request, at the client),
//    etcd_disk_wal_fsync_duration_seconds (a WAL fsync, at the member), and a later
//    component's reconcile histograms the same way. Found from what components publish:
//    after every event, a histogram whose count grew by one got a sample of length
//    (the growth of its sum). Role spans from RunRecorder: "election" while a member had
//    no leader (candidate), "leader" while it led; and the process's life ("up").
//  - Instants: faults (crashes, restarts, host failures, partitions) on the process's
//    track or the kernel's; each dropped message on the receiver's, named by the reason
//    (net.drop.partition, ...), with the sender in args.
//  - Counters at every metrics sample: the simulation's pending events, and every gauge
//    whose name speaks of a queue (`pending`, `queue`, `inflight`, `depth`), per series.
// An observer only (runner::RunObserver): the run's hash is the same with it. Events are
// streamed to `out` as they happen; `finish` writes the spans and closes the JSON.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "model/runner/run.h"
#include "reports/record/run_record.h"
#include "sim/histogram.h"
#include "sim/metrics.h"
#include "sim/trace.h"

namespace kcsim::reports {

class PerfettoTrace final : public runner::RunObserver {
 public:
  PerfettoTrace(std::ostream& out, std::string scenario_name);
  ~PerfettoTrace() override;

  void on_built(sim::Simulation& simulation, runner::World& world) override;
  void on_sample(const sim::Simulation& simulation) override;

  // Called by the trace sink for every record.
  void on_trace(const sim::TraceRecord& record);

  // Writes the role and life spans of `record` and closes the document.
  void finish(const RunRecord& record);

  std::uint64_t events_written() const { return events_; }

 private:
  struct Watched {
    std::string family;
    const sim::Histogram* histogram = nullptr;
    std::uint64_t count = 0;
    double sum = 0;
  };
  void event(const std::string& json);
  void refresh_watched();
  void check_watched(sim::Time now);
  void name_thread(std::uint64_t tid, const std::string& name, std::uint64_t sort_index);

  std::ostream& out_;
  std::string scenario_name_;
  sim::Simulation* simulation_ = nullptr;
  std::vector<Watched> watched_;
  std::size_t metrics_seen_ = 0;
  std::size_t threads_named_ = 0;
  sim::ProcessId last_actor_ = sim::kNoProcess;
  sim::Time last_at_ = 0;
  std::uint64_t events_ = 0;
};

}  // namespace kcsim::reports
