#include "model/apiserver/flowcontrol/flow_control.h"

#include <algorithm>
#include <cmath>

#include "model/apiserver/flowcontrol/concurrency_allocation.h"
#include "model/apiserver/flowcontrol/flow_control_metrics.h"
#include "sim/invariant.h"

namespace kcsim::flowcontrol {

std::string_view to_string(RejectReason reason) {
  switch (reason) {
    case RejectReason::kQueueFull:
      return "queue-full";
    case RejectReason::kConcurrencyLimit:
      return "concurrency-limit";
    case RejectReason::kTimeOut:
      return "time-out";
  }
  return "unknown";
}

sim::Time FlowControlConfig::request_wait_limit() const {
  return std::min(request_timeout / 4, max_request_wait);
}

std::vector<LevelLimits> compute_level_limits(const std::vector<PriorityLevelConfig>& levels,
                                              int server_concurrency_limit) {
  double share_sum = 0;
  for (const PriorityLevelConfig& level : levels)
    share_sum += level.nominal_concurrency_shares;
  KCSIM_ASSERT_MSG(share_sum > 0, "the priority levels have no shares");
  std::vector<LevelLimits> out;
  for (const PriorityLevelConfig& level : levels) {
    LevelLimits limits;
    const double server = static_cast<double>(server_concurrency_limit);
    limits.nominal_cl =
        static_cast<int>(std::ceil(server * level.nominal_concurrency_shares / share_sum));
    // Go's math.Round: half away from zero, as std::round.
    limits.lendable_cl = static_cast<int>(
        std::round(static_cast<double>(limits.nominal_cl) * level.lendable_percent / 100.0));
    limits.borrowing_cl = level.borrowing_limit_percent
                              ? static_cast<int>(std::round(static_cast<double>(limits.nominal_cl) *
                                                            *level.borrowing_limit_percent / 100.0))
                              : server_concurrency_limit;
    limits.min_cl = limits.nominal_cl - limits.lendable_cl;
    limits.max_cl = limits.nominal_cl + limits.borrowing_cl;
    out.push_back(limits);
  }
  return out;
}

FlowControl::FlowControl(FlowControlConfig config, sim::Time now)
    : config_(std::move(config)),
      classifier_(config_.flow_schemas, config_.priority_levels),
      next_adjustment_(now + config_.borrowing_adjustment_period) {
  const std::vector<LevelLimits> limits =
      compute_level_limits(config_.priority_levels, config_.server_concurrency_limit());
  for (std::size_t i = 0; i < config_.priority_levels.size(); ++i) {
    const PriorityLevelConfig& pl = config_.priority_levels[i];
    Level level;
    level.limits = limits[i];
    // "Introducing queues": currentCL starts at nominal - lendable / 2.
    level.current_cl = limits[i].nominal_cl - limits[i].lendable_cl / 2;
    QueueSetConfig qs;
    qs.name = pl.name;
    qs.exempt = pl.exempt;
    if (pl.queuing) {
      qs.queues = pl.queuing->queues;
      qs.hand_size = pl.queuing->hand_size;
      qs.queue_length_limit = pl.queuing->queue_length_limit;
      level.max_seats = level_max_seats(limits[i].nominal_cl, pl.queuing->hand_size);
    }
    level.queues = std::make_unique<QueueSet>(std::move(qs), level.current_cl, now);
    nominal_cl_sum_ += limits[i].nominal_cl;
    levels_.push_back(std::move(level));
  }
  // finishQueueSetReconfigsLocked ends with an immediate adjustment.
  std::vector<Handle> none;
  update_borrowing(now, &none);
  KCSIM_ASSERT(none.empty());
}

const PriorityLevelConfig& FlowControl::level_config(std::size_t index) const {
  return config_.priority_levels.at(index);
}
const LevelLimits& FlowControl::level_limits(std::size_t index) const {
  return levels_.at(index).limits;
}
int FlowControl::current_limit(std::size_t index) const {
  return levels_.at(index).current_cl;
}
const QueueSet& FlowControl::queue_set(std::size_t index) const {
  return *levels_.at(index).queues;
}
const SeatDemandStats& FlowControl::seat_demand(std::size_t index) const {
  return levels_.at(index).demand;
}
std::int64_t FlowControl::retry_after_seconds(std::size_t index) const {
  return levels_.at(index).dropped.retry_after_seconds();
}

std::optional<std::size_t> FlowControl::level_index(std::string_view name) const {
  for (std::size_t i = 0; i < config_.priority_levels.size(); ++i) {
    if (config_.priority_levels[i].name == name) return i;
  }
  return std::nullopt;
}

void FlowControl::set_object_count(api::Kind kind, std::int64_t count) {
  object_counts_.at(static_cast<std::size_t>(kind)) = count;
}

void FlowControl::attach_metrics(FlowControlMetrics* metrics) {
  metrics_ = metrics;
  publish_limits();
}

void FlowControl::publish_limits() {
  if (metrics_ == nullptr) return;
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    metrics_->set_limits(config_.priority_levels[i].name, levels_[i].limits.nominal_cl,
                         levels_[i].current_cl);
  }
}

Admission FlowControl::enqueue(const api::ApiRequest& request, sim::Time now) {
  const Classification c = classifier_.classify(request);
  Level& level = levels_[c.priority_level];
  const std::string& schema = classifier_.schemas()[c.flow_schema].name;
  const std::string& level_name = config_.priority_levels[c.priority_level].name;
  Admission out;
  out.flow_schema = schema;
  out.priority_level = level_name;
  out.work = estimate_work(request, object_counts_.at(static_cast<std::size_t>(request.kind)),
                           watches_.interested_watch_count(request), level.max_seats, config_.work);
  const Handle handle = next_handle_++;
  std::vector<Handle> dispatched;
  const StartOutcome outcome = level.queues->start(handle, out.work, c.flow_hash, now,
                                                   now + config_.request_wait_limit(), &dispatched);
  if (outcome == StartOutcome::kRejectedQueueFull ||
      outcome == StartOutcome::kRejectedConcurrencyLimit) {
    KCSIM_ASSERT(dispatched.empty());
    out.outcome = Admission::Outcome::kRejected;
    out.reason = outcome == StartOutcome::kRejectedQueueFull ? RejectReason::kQueueFull
                                                             : RejectReason::kConcurrencyLimit;
    level.dropped.record_dropped(now);
    out.retry_after_seconds = level.dropped.retry_after_seconds();
    if (metrics_ != nullptr) metrics_->rejected(level_name, schema, out.reason, 0);
    return out;
  }
  out.handle = handle;
  tracked_.emplace(handle, Tracked{c.priority_level, c.flow_schema, now, out.work.max_seats(),
                                   outcome == StartOutcome::kQueued});
  if (outcome == StartOutcome::kQueued) {
    out.outcome = Admission::Outcome::kQueued;
    if (metrics_ != nullptr) metrics_->queued(level_name, schema, +1);
  } else {
    out.outcome = Admission::Outcome::kExecute;
  }
  // The new request's own dispatch is reported as kExecute, not in a Wakeup. A start
  // may also dispatch requests that were waiting (seats freed by the time sync of the
  // start, e.g. lingering final seats whose release fell due): those are handed out by
  // the next advance() (next_deadline() says it is due now).
  note_dispatched(dispatched, 0, now);
  for (Handle h : dispatched) {
    if (h != handle) deferred_dispatched_.push_back(h);
  }
  return out;
}

void FlowControl::note_dispatched(const std::vector<Handle>& handles, std::size_t from,
                                  sim::Time now) {
  for (std::size_t i = from; i < handles.size(); ++i) {
    Tracked& t = tracked_.at(handles[i]);
    if (metrics_ == nullptr) continue;
    const std::string& level = config_.priority_levels[t.level].name;
    const std::string& schema = classifier_.schemas()[t.schema].name;
    if (t.queued) metrics_->queued(level, schema, -1);
    metrics_->dispatched(level, schema, t.seats, sim::to_seconds(now - t.enqueued));
  }
}

void FlowControl::finish(Handle handle, sim::Time now, Wakeup* out) {
  auto it = tracked_.find(handle);
  KCSIM_ASSERT_MSG(it != tracked_.end(), "finish of an unknown handle");
  const Tracked t = it->second;
  tracked_.erase(it);
  if (metrics_ != nullptr) {
    metrics_->finished(config_.priority_levels[t.level].name, classifier_.schemas()[t.schema].name,
                       t.seats);
  }
  const std::size_t before = out->dispatched.size();
  levels_[t.level].queues->finish(handle, now, &out->dispatched);
  note_dispatched(out->dispatched, before, now);
}

sim::Time FlowControl::next_deadline() const {
  if (!deferred_dispatched_.empty()) return 0;  // due at once
  sim::Time next = next_adjustment_;
  for (const Level& level : levels_)
    next = std::min(next, level.queues->next_event());
  return next;
}

void FlowControl::advance(sim::Time now, Wakeup* out) {
  out->dispatched.insert(out->dispatched.end(), deferred_dispatched_.begin(),
                         deferred_dispatched_.end());
  deferred_dispatched_.clear();
  const std::size_t before = out->dispatched.size();
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    Level& level = levels_[i];
    std::vector<Handle> timed_out;
    level.queues->advance(now, &out->dispatched, &timed_out);
    for (Handle handle : timed_out) {
      auto it = tracked_.find(handle);
      KCSIM_ASSERT(it != tracked_.end());
      level.dropped.record_dropped(now);
      out->timed_out.push_back({handle, level.dropped.retry_after_seconds()});
      if (metrics_ != nullptr) {
        const std::string& schema = classifier_.schemas()[it->second.schema].name;
        metrics_->queued(config_.priority_levels[i].name, schema, -1);
        metrics_->rejected(config_.priority_levels[i].name, schema, RejectReason::kTimeOut,
                           sim::to_seconds(now - it->second.enqueued));
      }
      tracked_.erase(it);
    }
  }
  if (now >= next_adjustment_) {
    update_borrowing(now, &out->dispatched);
    while (next_adjustment_ <= now)
      next_adjustment_ += config_.borrowing_adjustment_period;
  }
  note_dispatched(out->dispatched, before, now);
}

void FlowControl::update_borrowing(sim::Time now, std::vector<Handle>* dispatched) {
  std::vector<AllocationItem> items;
  for (Level& level : levels_) {
    level.demand.update(level.queues->reset_seat_demand(now));
    const double lower = std::max(
        static_cast<double>(level.limits.min_cl),
        std::min(static_cast<double>(level.limits.nominal_cl), level.demand.high_watermark));
    items.push_back(
        {lower, static_cast<double>(level.limits.max_cl), std::max(lower, level.demand.smoothed)});
  }
  const std::optional<Allocation> allocation =
      compute_concurrency_allocation(static_cast<double>(nominal_cl_sum_), items);
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    Level& level = levels_[i];
    if (allocation) level.current_cl = static_cast<int>(std::round(allocation->allocs[i]));
    level.queues->set_concurrency_limit(level.current_cl, now, dispatched);
  }
  publish_limits();
}

}  // namespace kcsim::flowcontrol
