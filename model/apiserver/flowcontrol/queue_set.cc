#include "model/apiserver/flowcontrol/queue_set.h"

#include <algorithm>
#include <limits>

#include "model/apiserver/flowcontrol/shuffle_shard.h"
#include "sim/invariant.h"

namespace kcsim::flowcontrol {

QueueSet::QueueSet(QueueSetConfig config, int concurrency_limit, sim::Time now)
    : config_(std::move(config)), limit_(concurrency_limit), last_real_time_(now), demand_(now) {
  KCSIM_ASSERT(config_.queues >= 0);
  if (config_.queues > 0) {
    KCSIM_ASSERT(config_.hand_size >= 1);
    KCSIM_ASSERT(config_.hand_size <= config_.queues);
    KCSIM_ASSERT(config_.queue_length_limit >= 1);
  }
  queues_.resize(static_cast<std::size_t>(config_.queues));
}

// types.go completeWorkEstimate: computeInitialWork + computeFinalWork.
SeatNanos QueueSet::total_work(const WorkEstimate& work) const {
  return static_cast<SeatNanos>(work.initial_seats) * kEstimatedServiceDuration +
         static_cast<SeatNanos>(work.final_seats) * work.additional_latency;
}

std::size_t QueueSet::queue_length(int index) const {
  return queues_.at(static_cast<std::size_t>(index)).waiting.size();
}

// syncTimeLocked (L465-479) with getVirtualTimeRatioLocked (L526-541): the ratio
// min(seatsRequested, ConcurrencyLimit) / activeQueues times the real time elapsed.
void QueueSet::sync_time(sim::Time now) {
  KCSIM_ASSERT(now >= last_real_time_);
  const sim::Time dt = now - last_real_time_;
  last_real_time_ = now;
  std::int64_t seats_requested = 0;
  std::int64_t active = 0;
  for (const Queue& queue : queues_) {
    seats_requested += queue.seats_in_use + queue.waiting_max_seats;
    if (!queue.waiting.empty() || queue.executing > 0) ++active;
  }
  if (active == 0 || dt == 0) return;
  const std::int64_t rate = std::min<std::int64_t>(seats_requested, limit_);
  // R += rate / active x dt, in integers without overflow.
  current_r_ += rate * (dt / active) + rate * (dt % active) / active;
}

// canAccommodateSeatsLocked (L748-769).
bool QueueSet::can_accommodate(int seats) const {
  if (config_.exempt) return true;
  if (seats > limit_) return executing_requests_ == 0;  // wait for the level to drain
  return seats_in_use_ + seats <= limit_;
}

void QueueSet::note_demand(sim::Time now) {
  demand_.set(static_cast<double>(seats_in_use_ + waiting_seats_), now);
}

// shuffleShardLocked (L583-612): the hand's queue with the least waiting totalWork.
int QueueSet::choose_queue(std::uint64_t flow_hash) {
  const std::vector<int> hand = deal_hand(flow_hash, config_.queues, config_.hand_size);
  const auto hand_size = static_cast<std::uint64_t>(hand.size());
  const std::uint64_t offset = enqueues_ % hand_size;
  ++enqueues_;
  int best = -1;
  SeatNanos best_work = std::numeric_limits<SeatNanos>::max();
  for (std::uint64_t i = 0; i < hand_size; ++i) {
    const int index = hand[(offset + i) % hand_size];
    const SeatNanos work = queues_[static_cast<std::size_t>(index)].waiting_work;
    if (work < best_work) {
      best_work = work;
      best = index;
    }
  }
  return best;
}

StartOutcome QueueSet::start(Handle handle, const WorkEstimate& work, std::uint64_t flow_hash,
                             sim::Time now, sim::Time wait_deadline,
                             std::vector<Handle>* dispatched) {
  KCSIM_ASSERT(!requests_.contains(handle));
  sync_time(now);
  Request request;
  request.work = work;
  request.total_work = total_work(work);
  request.wait_deadline = wait_deadline;
  const int seats = static_cast<int>(work.max_seats());
  if (config_.queues == 0) {  // exempt, or LimitResponse Reject
    if (!can_accommodate(seats)) return StartOutcome::kRejectedConcurrencyLimit;
    auto [it, inserted] = requests_.emplace(handle, request);
    KCSIM_ASSERT(inserted);
    start_executing(handle, it->second, now);
    dispatched->push_back(handle);
    note_demand(now);
    return StartOutcome::kDispatched;
  }
  // shuffleShardAndRejectOrEnqueueLocked (L552-579), rejectOrEnqueueToBoundLocked
  // (L618-629), enqueueToBoundLocked (L632-651).
  const int index = choose_queue(flow_hash);
  Queue& queue = queues_[static_cast<std::size_t>(index)];
  if (seats_in_use_ >= limit_ &&
      static_cast<int>(queue.waiting.size()) >= config_.queue_length_limit) {
    return StartOutcome::kRejectedQueueFull;
  }
  // L635-637: an idle queue's start R is set to the virtual time.
  if (queue.waiting.empty() && queue.executing == 0) queue.next_dispatch_r = current_r_;
  request.queue = index;
  request.arrival_r = current_r_;
  queue.waiting.push_back(handle);
  queue.waiting_work += request.total_work;
  queue.waiting_max_seats += seats;
  ++waiting_requests_;
  waiting_seats_ += seats;
  requests_.emplace(handle, request);
  wait_deadlines_.emplace(wait_deadline, handle);
  bound_next_dispatch(queue);
  const std::size_t before = dispatched->size();
  dispatch_as_much_as_possible(now, dispatched);
  note_demand(now);
  const bool self = std::find(dispatched->begin() + static_cast<std::ptrdiff_t>(before),
                              dispatched->end(), handle) != dispatched->end();
  return self ? StartOutcome::kDispatched : StartOutcome::kQueued;
}

void QueueSet::start_executing(Handle /*handle*/, Request& request, sim::Time now) {
  const int seats = static_cast<int>(request.work.max_seats());
  request.phase = Phase::kExecuting;
  request.start_time = now;
  ++executing_requests_;
  seats_in_use_ += seats;
  if (request.queue >= 0) {
    Queue& queue = queues_[static_cast<std::size_t>(request.queue)];
    ++queue.executing;
    queue.seats_in_use += seats;
    // dispatchLocked L741: "qs.virtualStart += G * width", the estimated totalWork.
    queue.next_dispatch_r += request.total_work;
    bound_next_dispatch(queue);
  }
}

void QueueSet::remove_waiting(Handle handle, Request& request) {
  KCSIM_ASSERT(request.phase == Phase::kWaiting);
  Queue& queue = queues_[static_cast<std::size_t>(request.queue)];
  auto it = std::find(queue.waiting.begin(), queue.waiting.end(), handle);
  KCSIM_ASSERT(it != queue.waiting.end());
  queue.waiting.erase(it);
  const int seats = static_cast<int>(request.work.max_seats());
  queue.waiting_work -= request.total_work;
  queue.waiting_max_seats -= seats;
  --waiting_requests_;
  waiting_seats_ -= seats;
  wait_deadlines_.erase({request.wait_deadline, handle});
}

// boundNextDispatchLocked (L952-964), the anti-windup hack: dispatch in the virtual
// world does not precede the oldest waiting request's arrival.
void QueueSet::bound_next_dispatch(Queue& queue) {
  if (queue.waiting.empty()) return;
  const Request& head = requests_.at(queue.waiting.front());
  queue.next_dispatch_r = std::max(queue.next_dispatch_r, head.arrival_r);
}

// dispatchLocked (L695-743) over findDispatchQueueToBoundLocked (L776-844).
bool QueueSet::dispatch_one(sim::Time now, std::vector<Handle>* dispatched) {
  const int nq = static_cast<int>(queues_.size());
  SeatNanos min_finish = std::numeric_limits<SeatNanos>::max();
  int min_queue = -1;
  for (int n = 0; n < nq; ++n) {
    robin_index_ = (robin_index_ + 1) % nq;
    const Queue& queue = queues_[static_cast<std::size_t>(robin_index_)];
    if (queue.waiting.empty()) continue;
    const SeatNanos finish = queue.next_dispatch_r + requests_.at(queue.waiting.front()).total_work;
    if (finish < min_finish) {
      min_finish = finish;
      min_queue = robin_index_;
    }
  }
  if (min_queue < 0) return false;
  Queue& queue = queues_[static_cast<std::size_t>(min_queue)];
  const Handle handle = queue.waiting.front();
  Request& request = requests_.at(handle);
  if (!can_accommodate(static_cast<int>(request.work.max_seats()))) return false;
  remove_waiting(handle, request);
  // Final seats wider than the whole limit are reshaped to the limit, the work kept
  // (L827-832).
  if (limit_ > 0 && request.work.final_seats > static_cast<std::uint32_t>(limit_)) {
    const sim::Time final_work =
        static_cast<sim::Time>(request.work.final_seats) * request.work.additional_latency;
    request.work.final_seats = static_cast<std::uint32_t>(limit_);
    request.work.additional_latency = final_work / limit_;
  }
  // The next scan starts after the chosen queue, so queues tied with it win next time.
  robin_index_ = min_queue;
  start_executing(handle, request, now);
  dispatched->push_back(handle);
  return true;
}

// dispatchAsMuchAsPossibleLocked (L654-657).
void QueueSet::dispatch_as_much_as_possible(sim::Time now, std::vector<Handle>* dispatched) {
  while (waiting_requests_ > 0 && seats_in_use_ < limit_ && dispatch_one(now, dispatched)) {
  }
}

void QueueSet::release_seats(Handle handle, Request& request, sim::Time now) {
  const int seats = static_cast<int>(request.work.max_seats());
  seats_in_use_ -= seats;
  if (request.queue >= 0) queues_[static_cast<std::size_t>(request.queue)].seats_in_use -= seats;
  KCSIM_ASSERT(seats_in_use_ >= 0);
  requests_.erase(handle);
  note_demand(now);
}

// finishRequestAndDispatchAsMuchAsPossible (L851-858) and finishRequestLocked (L863-943).
void QueueSet::finish(Handle handle, sim::Time now, std::vector<Handle>* dispatched) {
  auto it = requests_.find(handle);
  KCSIM_ASSERT_MSG(it != requests_.end(), "finish of a request this level does not hold");
  Request& request = it->second;
  KCSIM_ASSERT_MSG(request.phase == Phase::kExecuting, "finish of a request not executing");
  sync_time(now);
  --executing_requests_;
  if (request.queue >= 0) {
    Queue& queue = queues_[static_cast<std::size_t>(request.queue)];
    --queue.executing;
    // L936-939: "When a request finishes being served, and the actual service time was
    // S, the queue's start R is decremented by (G - S)*width" (width: initial seats). S > G
    // charges the queue the service it got beyond the estimate charged at dispatch.
    const sim::Time actual = now - request.start_time;
    queue.next_dispatch_r -=
        static_cast<SeatNanos>(request.work.initial_seats) * (kEstimatedServiceDuration - actual);
    bound_next_dispatch(queue);
  }
  if (request.work.additional_latency > 0) {
    request.phase = Phase::kReleasing;
    releases_.emplace(now + request.work.additional_latency, handle);
    return;
  }
  release_seats(handle, request, now);
  dispatch_as_much_as_possible(now, dispatched);
  note_demand(now);
}

void QueueSet::set_concurrency_limit(int limit, sim::Time now, std::vector<Handle>* dispatched) {
  KCSIM_ASSERT(limit >= 0);
  sync_time(now);
  limit_ = limit;
  dispatch_as_much_as_possible(now, dispatched);
  note_demand(now);
}

sim::Time QueueSet::next_event() const {
  sim::Time next = sim::kTimeNever;
  if (!wait_deadlines_.empty()) next = std::min(next, wait_deadlines_.begin()->first);
  if (!releases_.empty()) next = std::min(next, releases_.begin()->first);
  return next;
}

void QueueSet::advance(sim::Time now, std::vector<Handle>* dispatched,
                       std::vector<Handle>* timed_out) {
  sync_time(now);
  // A timed-out wait leaves its queue without a dispatch (request.wait, L424-439).
  while (!wait_deadlines_.empty() && wait_deadlines_.begin()->first <= now) {
    const Handle handle = wait_deadlines_.begin()->second;
    Request& request = requests_.at(handle);
    Queue& queue = queues_[static_cast<std::size_t>(request.queue)];
    remove_waiting(handle, request);
    requests_.erase(handle);
    bound_next_dispatch(queue);
    timed_out->push_back(handle);
    note_demand(now);
  }
  // Lingering seats freed: dispatch, as the EventAfterDuration callback does
  // (L915-929).
  bool released = false;
  while (!releases_.empty() && releases_.begin()->first <= now) {
    const Handle handle = releases_.begin()->second;
    releases_.erase(releases_.begin());
    release_seats(handle, requests_.at(handle), now);
    released = true;
  }
  if (released) {
    dispatch_as_much_as_possible(now, dispatched);
    note_demand(now);
  }
}

}  // namespace kcsim::flowcontrol
