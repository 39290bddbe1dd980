// API Priority and Fairness (APF): kube-apiserver's request concurrency control, as a
// pure state machine. Inputs: requests, their finish, the time; outputs: decisions and
// the next time something happens by itself.
//
// Sources (kubernetes/kubernetes, 1.32-1.34):
//   staging/src/k8s.io/apiserver/pkg/util/flowcontrol/apf_controller.go,
//   staging/src/k8s.io/apiserver/pkg/server/filters/priority-and-fairness.go,
//   staging/src/k8s.io/apiserver/pkg/server/config.go (c.RequestTimeout/4),
//   cmd/kube-apiserver flags --max-requests-inflight=400, --max-mutating-requests-inflight=200.
//
// The model, step by step:
//  1. Classify (classifier.h): flow schema -> priority level, flow distinguisher, hash.
//  2. Estimate the work (work_estimate.h): seats from the object count of the resource
//     (`set_object_count`, the server's storage object count tracker) for a LIST, from
//     the watch count (`register_watch`) for a mutation; capped per level.
//  3. The level's QueueSet (queue_set.h) executes, queues or rejects it. Rejections and
//     wait time-outs answer 429 with the level's Retry-After (dropped_requests_tracker.h).
//  4. Limits: the server's 600 seats (400 + 200) are split by nominal shares:
//     NominalCL(i) = ceil(600 x shares(i) / sum of shares), including exempt's 0 shares;
//     LendableCL(i) = round(NominalCL(i) x lendablePercent / 100); BorrowingCL(i) = 600
//     (borrowingLimitPercent unset); minCL = Nominal - Lendable, maxCL = Nominal +
//     Borrowing; the first currentCL = Nominal - Lendable/2, then the allocation of
//     concurrency_allocation.h at once and every 10 s. With the defaults (sum of shares
//     245): system 74, node-high 98, leader-election 25, workload-high 98, workload-low
//     245, global-default 49, catch-all 13, exempt 0.
//  5. Queue wait limit: a request may wait a quarter of its deadline, at most 1 minute
//     (getRequestWaitContext); the deadline is --request-timeout = 60 s, so 15 s. Watches
//     have no deadline and get defaultRequestWaitLimit = RequestTimeout / 4 = 15 s too.
//  6. Watches: APF holds a watch's seat only until the watch is initialized (the filter
//     waits for watchInitializationSignal, then returns the seat). The server calls
//     `finish` when the watch has been set up (registered in the watch cache and its
//     initial events, if any, sent), and `register_watch`/`forget_watch` for the life of
//     the watch (the mutating estimator's watch counts).
//
// Simplified, and why:
//  - Configuration objects are fixed at construction: kcsim models no edits of
//    FlowSchemas / PriorityLevelConfigurations, hence no quiescing levels.
//  - apiserver_flowcontrol_current_executing_seats drops when the handler returns, not
//    after the lingering final seats are freed (the QueueSet does account for them).
//  - Seat-demand statistics are in doubles, as in Go; virtual time is in integers
//    (seat-nanoseconds), where the real one uses fixed-point seat-seconds.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/flowcontrol/admission.h"
#include "model/apiserver/flowcontrol/bootstrap.h"
#include "model/apiserver/flowcontrol/classifier.h"
#include "model/apiserver/flowcontrol/dropped_requests_tracker.h"
#include "model/apiserver/flowcontrol/queue_set.h"
#include "model/apiserver/flowcontrol/seat_demand.h"
#include "model/apiserver/flowcontrol/watch_tracker.h"
#include "model/apiserver/flowcontrol/work_estimate.h"
#include "sim/time.h"

namespace kcsim::flowcontrol {

class FlowControlMetrics;

struct FlowControlConfig {
  int max_requests_inflight = 400;                            // --max-requests-inflight
  int max_mutating_requests_inflight = 200;                   // --max-mutating-requests-inflight
  sim::Time request_timeout = 60 * sim::kSecond;              // --request-timeout
  sim::Time max_request_wait = 60 * sim::kSecond;             // getRequestWaitContext's cap
  sim::Time borrowing_adjustment_period = 10 * sim::kSecond;  // borrowingAdjustmentPeriod
  WorkEstimatorConfig work;
  std::vector<PriorityLevelConfig> priority_levels = default_priority_levels();
  std::vector<FlowSchema> flow_schemas = default_flow_schemas();

  int server_concurrency_limit() const {
    return max_requests_inflight + max_mutating_requests_inflight;
  }
  // min(request_timeout / 4, max_request_wait).
  sim::Time request_wait_limit() const;
};

// The limits of one level, as apf_controller.go derives them.
struct LevelLimits {
  int nominal_cl = 0;
  int lendable_cl = 0;
  int borrowing_cl = 0;
  int min_cl = 0;
  int max_cl = 0;
};

// NominalCL, LendableCL, BorrowingCL, minCL, maxCL of every level, in config order.
std::vector<LevelLimits> compute_level_limits(const std::vector<PriorityLevelConfig>& levels,
                                              int server_concurrency_limit);

class FlowControl {
 public:
  FlowControl(FlowControlConfig config, sim::Time now);
  FlowControl(const FlowControl&) = delete;
  FlowControl& operator=(const FlowControl&) = delete;

  Admission enqueue(const api::ApiRequest& request, sim::Time now);
  // The handler of an executing request returned (a watch: it is initialized).
  void finish(Handle handle, sim::Time now, Wakeup* out);
  // When `advance` next has something to do: a queue-wait deadline, lingering seats to
  // free, or the periodic borrowing adjustment.
  sim::Time next_deadline() const;
  void advance(sim::Time now, Wakeup* out);

  // Inputs the server keeps up to date.
  void set_object_count(api::Kind kind, std::int64_t count);
  WatchTracker::Token register_watch(const api::ApiRequest& watch) {
    return watches_.register_watch(watch);
  }
  void forget_watch(WatchTracker::Token token) { watches_.forget_watch(token); }

  // Publishing: the metrics object must outlive this (or be detached with nullptr).
  void attach_metrics(FlowControlMetrics* metrics);

  // Introspection, in config order.
  std::size_t level_count() const { return levels_.size(); }
  const PriorityLevelConfig& level_config(std::size_t index) const;
  const LevelLimits& level_limits(std::size_t index) const;
  int current_limit(std::size_t index) const;
  const QueueSet& queue_set(std::size_t index) const;
  const SeatDemandStats& seat_demand(std::size_t index) const;
  std::optional<std::size_t> level_index(std::string_view name) const;
  std::int64_t retry_after_seconds(std::size_t index) const;
  const Classifier& classifier() const { return classifier_; }
  const FlowControlConfig& config() const { return config_; }

 private:
  struct Level {
    LevelLimits limits;
    int current_cl = 0;
    std::uint32_t max_seats = 0;  // the work estimator's per-level cap (0: none)
    std::unique_ptr<QueueSet> queues;
    SeatDemandStats demand;
    DroppedRequestsStats dropped;
  };
  struct Tracked {
    std::size_t level = 0;
    std::size_t schema = 0;
    sim::Time enqueued = 0;
    std::uint32_t seats = 0;
    bool queued = false;
  };

  void update_borrowing(sim::Time now, std::vector<Handle>* dispatched);
  void note_dispatched(const std::vector<Handle>& handles, std::size_t from, sim::Time now);
  void publish_limits();

  FlowControlConfig config_;
  Classifier classifier_;
  std::vector<Level> levels_;
  int nominal_cl_sum_ = 0;
  sim::Time next_adjustment_ = 0;
  std::map<Handle, Tracked> tracked_;
  Handle next_handle_ = 1;
  std::array<std::optional<std::int64_t>, api::kKindCount> object_counts_{};
  WatchTracker watches_;
  FlowControlMetrics* metrics_ = nullptr;
  // Waiting requests a start() dispatched besides its own: handed out by advance().
  std::vector<Handle> deferred_dispatched_;
};

}  // namespace kcsim::flowcontrol
