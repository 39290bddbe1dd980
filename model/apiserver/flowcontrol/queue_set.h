// The fair-queuing state of one priority level: its queues, its virtual clock, and the
// seats its executing requests hold.
//
// Source: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/fairqueuing/queueset/
// queueset.go and types.go, ported step by step and compared line by line against
// k8s.io/apiserver v0.32.0 (identical in v0.33.0 and v0.34.0); "L123" below and in
// queue_set.cc are that file's line numbers at v0.32.0.
//  - Virtual time R (seat-nanoseconds here; SeatSeconds, 1e-8 seat-seconds, there)
//    advances at min(seats requested, concurrency limit) / active queues per real
//    nanosecond, where seats requested sums, over queues, the seats in use plus the max
//    seats waiting, and a queue is active while it has a request waiting or executing
//    (syncTimeLocked L465-479, getVirtualTimeRatioLocked L526-541).
//  - A request's estimated work (types.go completeWorkEstimate): totalWork =
//    initialSeats x estimatedServiceDuration (3ms, L215) + finalSeats x additionalLatency
//    (the work estimator's figures, work_estimate.h).
//  - Enqueue: the flow's hash deals a hand of handSize queues (shuffle_shard.h); the
//    request joins the one whose waiting work (sum of totalWork) is least, the first
//    examined winning ties, starting from an offset that turns with every enqueue
//    (shuffleShardLocked L583-612). It is rejected "queue-full" when every seat is in use
//    and that queue already holds queueLengthLimit requests (L618-629). A queue that was
//    idle restarts at nextDispatchR = R now (enqueueToBoundLocked L635-637).
//  - Dispatch: while requests wait and seats remain (L654-657), pick among queues with a
//    waiting request the one whose head would finish first in virtual time
//    (nextDispatchR + head's totalWork), scanning round-robin so ties go to the queue
//    after the last chosen; dispatch it only if its max seats fit (a request wider than
//    the whole limit waits until nothing executes) -- otherwise nothing is dispatched, so
//    a wide request is not starved by narrow ones (findDispatchQueueToBoundLocked
//    L776-844, canAccommodateSeatsLocked L748-769). The queue's nextDispatchR advances by
//    the request's estimated totalWork (dispatchLocked L741).
//  - Finish: the queue's nextDispatchR is corrected by initialSeats x (3ms - actual
//    service time) -- so a request that ran longer than estimated is charged the rest
//    now, and the queue ends up charged its real work -- then bounded below by its head's
//    arrival R, the anti-windup hack (finishRequestLocked L936-939,
//    boundNextDispatchLocked L952-964). The seats are freed at once, or after
//    additionalLatency when the request has final seats (the watch-event fan-out,
//    L886-930), and dispatching resumes.
//  - A level without queues (catch-all: LimitResponse Reject) executes a request if its
//    seats fit, else rejects it "concurrency-limit" (StartRequest step 0, L316-326,
//    dispatchSansQueueLocked L659-688). The exempt level executes everything.
//  - Queue wait limit: each waiting request carries its own deadline (the filter's
//    context deadline, see flow_control.h); past it the request leaves its queue,
//    rejected "time-out", and the queue is bounded again (request.wait L424-439); its
//    nextDispatchR is not otherwise changed.
// The consequence for fairness when requests run far longer than 3ms: a queue with k
// requests executing trails its real usage by at most k x (actual - 3ms) seat-time until
// they finish, so a newly active flow waits about one service time, not the busy flows'
// backlog (tests/model/apiserver/flowcontrol/service_time_fairness_test.cc).
// Pure: time comes in as arguments; outputs are the handles dispatched or timed out.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/apiserver/flowcontrol/seat_demand.h"
#include "model/apiserver/flowcontrol/work_estimate.h"
#include "sim/time.h"

namespace kcsim::flowcontrol {

using Handle = std::uint64_t;
using SeatNanos = std::int64_t;  // seats x nanoseconds: work, and virtual time R

// queueset.go: estimatedServiceDuration (Complete, L215), the work a request is charged
// per initial seat at dispatch; the rest of its real service is charged at its finish.
inline constexpr sim::Time kEstimatedServiceDuration = 3 * sim::kMillisecond;

struct QueueSetConfig {
  std::string name;
  bool exempt = false;
  int queues = 0;  // 0 on a Limited level: reject instead of queuing
  int hand_size = 0;
  int queue_length_limit = 0;
};

enum class StartOutcome : std::uint8_t {
  kDispatched,
  kQueued,
  kRejectedQueueFull,
  kRejectedConcurrencyLimit,
};

class QueueSet {
 public:
  QueueSet(QueueSetConfig config, int concurrency_limit, sim::Time now);

  // A new request. Appends to `dispatched` every request dispatched as a consequence
  // (possibly including `handle`: then kDispatched). `wait_deadline` bounds its queuing.
  StartOutcome start(Handle handle, const WorkEstimate& work, std::uint64_t flow_hash,
                     sim::Time now, sim::Time wait_deadline, std::vector<Handle>* dispatched);

  // The request's handler returned. Its seats are freed now, or after its additional
  // latency (then `next_event` reports when).
  void finish(Handle handle, sim::Time now, std::vector<Handle>* dispatched);

  // Sets currentCL (the borrowing adjustment) and dispatches what now fits.
  void set_concurrency_limit(int limit, sim::Time now, std::vector<Handle>* dispatched);

  // The earliest queue-wait deadline or delayed seat release; kTimeNever if none.
  sim::Time next_event() const;
  // Times out the waits whose deadline is <= now, frees the seats due, dispatches.
  void advance(sim::Time now, std::vector<Handle>* dispatched, std::vector<Handle>* timed_out);

  // The seat demand statistics since the last call (apf_controller.go's integrator).
  IntegratorResults reset_seat_demand(sim::Time now) { return demand_.reset(now); }

  int concurrency_limit() const { return limit_; }
  int executing_requests() const { return executing_requests_; }
  int seats_in_use() const { return seats_in_use_; }
  int waiting_requests() const { return waiting_requests_; }
  int waiting_seats() const { return waiting_seats_; }
  SeatNanos virtual_time() const { return current_r_; }
  const QueueSetConfig& config() const { return config_; }
  // Requests waiting in queue `index` (for tests).
  std::size_t queue_length(int index) const;
  bool contains(Handle handle) const { return requests_.count(handle) != 0; }

 private:
  enum class Phase : std::uint8_t { kWaiting, kExecuting, kReleasing };
  struct Request {
    WorkEstimate work;
    SeatNanos total_work = 0;
    int queue = -1;  // -1: dispatched without a queue (exempt, reject-type level)
    SeatNanos arrival_r = 0;
    sim::Time wait_deadline = sim::kTimeNever;
    sim::Time start_time = 0;
    Phase phase = Phase::kWaiting;
  };
  struct Queue {
    std::deque<Handle> waiting;
    SeatNanos waiting_work = 0;  // queueSum.TotalWorkSum
    int waiting_max_seats = 0;   // queueSum.MaxSeatsSum
    int executing = 0;
    int seats_in_use = 0;
    SeatNanos next_dispatch_r = 0;
  };

  void sync_time(sim::Time now);
  bool can_accommodate(int seats) const;
  int choose_queue(std::uint64_t flow_hash);
  void dispatch_as_much_as_possible(sim::Time now, std::vector<Handle>* dispatched);
  bool dispatch_one(sim::Time now, std::vector<Handle>* dispatched);
  void start_executing(Handle handle, Request& request, sim::Time now);
  void remove_waiting(Handle handle, Request& request);
  void release_seats(Handle handle, Request& request, sim::Time now);
  void bound_next_dispatch(Queue& queue);
  void note_demand(sim::Time now);
  SeatNanos total_work(const WorkEstimate& work) const;

  QueueSetConfig config_;
  int limit_ = 0;
  std::vector<Queue> queues_;
  std::map<Handle, Request> requests_;
  std::set<std::pair<sim::Time, Handle>> wait_deadlines_;
  std::set<std::pair<sim::Time, Handle>> releases_;
  SeatNanos current_r_ = 0;
  sim::Time last_real_time_ = 0;
  std::uint64_t enqueues_ = 0;
  int robin_index_ = -1;
  int executing_requests_ = 0;
  int seats_in_use_ = 0;
  int waiting_requests_ = 0;
  int waiting_seats_ = 0;
  Integrator demand_;
};

}  // namespace kcsim::flowcontrol
