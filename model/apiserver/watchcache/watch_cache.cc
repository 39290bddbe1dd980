#include "model/apiserver/watchcache/watch_cache.h"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/invariant.h"

namespace kcsim::apiserver::watchcache {
namespace {

api::ApiResponse error_response(api::Code code, api::Reason reason, std::string message,
                                std::int64_t retry_after_seconds) {
  api::ApiResponse response;
  response.code = code;
  response.reason = reason;
  response.message = std::move(message);
  response.retry_after_seconds = retry_after_seconds;
  return response;
}

ReadAnswer from_etcd(std::uint64_t ticket, FromEtcd reason) {
  ReadAnswer answer;
  answer.ticket = ticket;
  answer.outcome = ReadOutcome::kFromEtcd;
  answer.from_etcd = reason;
  return answer;
}

// The smallest resourceVersion a read needs the cache to have reached (0: any).
std::int64_t min_rv_of(api::RvMatch match, std::int64_t resource_version) {
  return match == api::RvMatch::kNotOlderThan ? resource_version : 0;
}

}  // namespace

WatchCache::WatchCache(WatchCacheConfig config, sim::Time now)
    : config_(std::move(config)),
      unready_since_(now),
      store_(config_.trigger),
      history_(config_.lower_bound_capacity, config_.upper_bound_capacity,
               config_.event_fresh_duration),
      bookmarks_(now),
      budget_(now) {
  metrics_.capacity = history_.capacity();
}

// --- feeding ------------------------------------------------------------------------

void WatchCache::replace(const std::vector<api::Versioned>& items, std::int64_t list_rv,
                         sim::Time now) {
  KCSIM_ASSERT(list_rv > 0);
  // startCaching terminates every watcher before it lists.
  for (WatcherId id : watchers_.ids())
    terminate(id, TerminationReason::kReinitializing);
  stall_.reset();
  incoming_.clear();
  store_.replace(items);
  history_.clear();
  list_rv_ = list_rv;
  resource_version_ = list_rv;
  dispatched_rv_ = list_rv;
  ready_ = true;
  ++metrics_.initializations_total;
  metrics_.resource_version = resource_version_;
  rv_advanced(now);
}

bool WatchCache::can_apply() const {
  return !(stall_ && incoming_.size() >= config_.incoming_capacity);
}

void WatchCache::apply(api::WatchEventType type, const std::string& key, api::Versioned version,
                       sim::Time now) {
  KCSIM_ASSERT_MSG(ready_, "events follow a replace");
  KCSIM_ASSERT_MSG(can_apply(), "the server holds events while incoming is full");
  KCSIM_ASSERT_MSG(version.resource_version > resource_version_, "events in revision order");
  KCSIM_ASSERT(type != api::WatchEventType::kBookmark);
  KCSIM_ASSERT(type != api::WatchEventType::kError);
  ++metrics_.events_received_total;

  CacheEvent event;
  event.type = type;
  event.key = key;
  event.record_time = now;
  if (type == api::WatchEventType::kDeleted) {
    api::Versioned previous = store_.erase(key);
    api::ObjectPtr last = version.object ? version.object : previous.object;
    KCSIM_ASSERT_MSG(last != nullptr, "a deletion names the object it deletes");
    event.object = api::Versioned{last, version.resource_version};
    event.prev = previous.object ? previous.object : last;
  } else {
    KCSIM_ASSERT(version.object != nullptr);
    event.prev = store_.put(key, version).object;
    event.object = std::move(version);
  }

  const std::size_t capacity_before = history_.capacity();
  history_.add(event);
  if (history_.capacity() > capacity_before) ++metrics_.capacity_increase_total;
  if (history_.capacity() < capacity_before) ++metrics_.capacity_decrease_total;
  metrics_.capacity = history_.capacity();

  resource_version_ = event.resource_version();
  metrics_.resource_version = resource_version_;
  Incoming incoming;
  incoming.resource_version = resource_version_;
  incoming.event = std::move(event);
  dispatch_or_queue(std::move(incoming), now);
  rv_advanced(now);
}

void WatchCache::progress(std::int64_t revision, sim::Time now) {
  if (!ready_ || revision <= resource_version_) return;
  if (!can_apply()) return;  // the reflector is blocked; a later notification will come
  resource_version_ = revision;
  metrics_.resource_version = resource_version_;
  Incoming incoming;
  incoming.bookmark = true;
  incoming.resource_version = revision;
  dispatch_or_queue(std::move(incoming), now);
  rv_advanced(now);
}

void WatchCache::reset(sim::Time now) {
  if (ready_) unready_since_ = now;
  ready_ = false;
  for (WatcherId id : watchers_.ids())
    terminate(id, TerminationReason::kReinitializing);
  stall_.reset();
  incoming_.clear();
}

// --- dispatching ----------------------------------------------------------------------

void WatchCache::dispatch_or_queue(Incoming incoming, sim::Time now) {
  if (stall_ || !incoming_.empty()) {
    KCSIM_ASSERT(incoming_.size() < config_.incoming_capacity);
    incoming_.push_back(std::move(incoming));
    return;
  }
  dispatch(incoming, now);
}

void WatchCache::dispatch(const Incoming& incoming, sim::Time now) {
  KCSIM_ASSERT(!stall_);
  // Bookmarks from etcd are not dispatched, they only move the bookmark RV (cacher.go
  // dispatchEvents).
  if (!incoming.bookmark) {
    dispatch_event(incoming.event, now);
    ++metrics_.events_dispatched_total;
  }
  dispatched_rv_ = incoming.resource_version;
}

void WatchCache::dispatch_event(const CacheEvent& event, sim::Time now) {
  const api::Object& object = *event.object.object;
  std::vector<std::string> trigger_values;
  const bool supported = static_cast<bool>(config_.trigger);
  if (supported) {
    trigger_values.push_back(config_.trigger(object));
    if (event.prev) {
      std::string previous = config_.trigger(*event.prev);
      if (previous != trigger_values.front()) trigger_values.push_back(std::move(previous));
    }
  }
  candidates_.clear();
  watchers_.select(object.meta.namespace_, object.meta.name, trigger_values, supported,
                   candidates_);
  metrics_.dispatch_candidates_total += candidates_.size();

  std::vector<Blocked> blocked;
  for (WatcherId id : candidates_) {
    Watcher* watcher = watchers_.find(id);
    KCSIM_ASSERT(watcher != nullptr);
    if (event.resource_version() <= watcher->start_rv) continue;
    std::optional<api::WatchEvent> converted = convert(*watcher, event);
    if (!converted) continue;
    if (watcher->buffered < watcher->buffer_capacity) {
      deliver(*watcher, std::move(*converted));
    } else {
      blocked.push_back(Blocked{id, std::move(*converted)});
    }
  }
  if (blocked.empty()) return;
  const sim::Time timeout = budget_.take_available(now);
  if (timeout == 0) {
    for (const Blocked& b : blocked)
      terminate(b.watcher, TerminationReason::kSlow);
    return;
  }
  stall_ = Stall{now, now + timeout, event.resource_version(), std::move(blocked)};
}

void WatchCache::deliver(Watcher& watcher, api::WatchEvent event) {
  KCSIM_ASSERT(watcher.buffered < watcher.buffer_capacity);
  ++watcher.buffered;
  ++metrics_.watch_events_total;
  if (event.object.object) metrics_.watch_event_bytes_total += event.object.object->encoded_bytes;
  outbox_.deliveries.push_back(Delivery{watcher.id, std::move(event)});
}

std::optional<api::WatchEvent> WatchCache::convert(const Watcher& watcher,
                                                   const CacheEvent& event) const {
  const bool current_passes = event.type != api::WatchEventType::kDeleted &&
                              watcher.selection.matches(*event.object.object);
  const bool old_passes = event.prev && watcher.selection.matches(*event.prev);
  if (!current_passes && !old_passes) return std::nullopt;
  api::WatchEvent out;
  out.request_id = watcher.request_id;
  out.resource_version = event.resource_version();
  if (current_passes) {
    out.type = old_passes ? api::WatchEventType::kModified : api::WatchEventType::kAdded;
    out.object = event.object;
  } else {
    // Out of the selector, or deleted: the old version with this change's RV.
    out.type = api::WatchEventType::kDeleted;
    out.object = api::Versioned{event.prev, event.resource_version()};
  }
  return out;
}

void WatchCache::ack(WatcherId id, std::size_t count, sim::Time now) {
  Watcher* watcher = watchers_.find(id);
  if (watcher == nullptr) return;
  KCSIM_ASSERT_MSG(count <= watcher->buffered, "acks only events that were delivered");
  watcher->buffered -= count;
  if (!stall_) return;
  auto& blocked = stall_->blocked;
  for (auto it = blocked.begin(); it != blocked.end();) {
    if (it->watcher == id && watcher->buffered < watcher->buffer_capacity) {
      deliver(*watcher, std::move(it->event));
      it = blocked.erase(it);
    } else {
      ++it;
    }
  }
  if (blocked.empty()) finish_stall(now);
}

void WatchCache::finish_stall(sim::Time now) {
  KCSIM_ASSERT(stall_.has_value());
  Stall stall = std::move(*stall_);
  stall_.reset();
  for (const Blocked& b : stall.blocked)
    terminate(b.watcher, TerminationReason::kSlow);
  budget_.return_unused(stall.deadline - now, now);
  drain_incoming(now);
}

void WatchCache::drain_incoming(sim::Time now) {
  while (!stall_ && !incoming_.empty()) {
    Incoming next = std::move(incoming_.front());
    incoming_.pop_front();
    dispatch(next, now);
  }
}

void WatchCache::terminate(WatcherId id, TerminationReason reason) {
  if (watchers_.find(id) == nullptr) return;
  watchers_.remove(id);
  if (reason == TerminationReason::kSlow) ++metrics_.terminated_watchers_total;
  metrics_.registered_watchers = watchers_.size();
  outbox_.terminations.push_back(Termination{id, reason});
}

void WatchCache::cancel_watch(WatcherId id, sim::Time now) {
  if (watchers_.find(id) == nullptr) return;
  watchers_.remove(id);
  metrics_.registered_watchers = watchers_.size();
  if (!stall_) return;
  std::erase_if(stall_->blocked, [id](const Blocked& b) { return b.watcher == id; });
  if (stall_->blocked.empty()) finish_stall(now);
}

// --- bookmarks ----------------------------------------------------------------------------

void WatchCache::schedule_bookmark(const Watcher& watcher, sim::Time now) {
  if (!watcher.allow_bookmarks) return;
  sim::Time next = now + config_.bookmark_frequency;
  if (watcher.deadline != 0) next = std::min(next, watcher.deadline - kBookmarkBeforeDeadline);
  // The real nextBookmarkTime drops a time before now; its jittered timer never pops a
  // bucket exactly at its second, so a time equal to now is dropped here as well (else
  // the 2 s-before-deadline bookmark would repeat a second later).
  if (next <= now) return;
  bookmarks_.add(watcher.id, next);
}

void WatchCache::dispatch_bookmarks(sim::Time now) {
  for (WatcherId id : bookmarks_.pop_expired(now)) {
    Watcher* watcher = watchers_.find(id);
    if (watcher == nullptr) continue;  // stopped: the real cacher skips it too
    if (dispatched_rv_ > watcher->start_rv && watcher->buffered < watcher->buffer_capacity) {
      api::WatchEvent bookmark;
      bookmark.request_id = watcher->request_id;
      bookmark.type = api::WatchEventType::kBookmark;
      bookmark.resource_version = dispatched_rv_;
      deliver(*watcher, std::move(bookmark));
    }
    schedule_bookmark(*watcher, now);
  }
}

// --- reads ----------------------------------------------------------------------------------

ListRoute WatchCache::route_list(const ListRequest& request, FromEtcd* reason) const {
  FromEtcd why = FromEtcd::kNo;
  ListRoute route = ListRoute::kCache;
  if (request.rv_match == api::RvMatch::kExact) {
    why = FromEtcd::kExact;
  } else if (request.has_continue) {
    why = FromEtcd::kContinue;
  } else if (request.rv_match == api::RvMatch::kUnset) {
    if (config_.consistent_list_from_cache) {
      route = ListRoute::kCacheAfterEtcdRevision;
    } else {
      why = FromEtcd::kConsistentOff;
    }
  }
  // cacher.go GetList checks shouldDelegateListOnNotReadyCache before it asks etcd for
  // the current revision: such a LIST costs no revision read.
  if (why == FromEtcd::kNo && !ready_ && request.selection.empty() && request.limit > 0) {
    why = FromEtcd::kNotReadyPaged;
  }
  if (why != FromEtcd::kNo) route = ListRoute::kEtcd;
  if (reason != nullptr) *reason = why;
  return route;
}

ReadAnswer WatchCache::list(const ListRequest& request, sim::Time now) {
  FromEtcd why = FromEtcd::kNo;
  const ListRoute route = route_list(request, &why);
  if (route == ListRoute::kEtcd) return from_etcd(request.ticket, why);
  if (!ready_) {
    if (request.selection.empty() && request.limit > 0) {
      return from_etcd(request.ticket, FromEtcd::kNotReadyPaged);
    }
    return not_ready_answer(request.ticket, now);
  }
  const bool consistent = route == ListRoute::kCacheAfterEtcdRevision;
  KCSIM_ASSERT_MSG(!consistent || request.etcd_current_revision > 0,
                   "a consistent read carries etcd's current revision");
  const std::int64_t min_rv = consistent ? request.etcd_current_revision
                                         : min_rv_of(request.rv_match, request.resource_version);
  if (min_rv <= resource_version_) {
    if (consistent) ++metrics_.consistent_read_total;
    return serve_list(request);
  }
  WaitingRead waiting;
  waiting.ticket = request.ticket;
  waiting.is_list = true;
  waiting.consistent = consistent;
  waiting.list = request;
  waiting.min_rv = min_rv;
  return wait_for_rv(std::move(waiting), now);
}

ReadAnswer WatchCache::get(const GetRequest& request, sim::Time now) {
  if (request.rv_match == api::RvMatch::kUnset)
    return from_etcd(request.ticket, FromEtcd::kGetUnset);
  if (request.rv_match == api::RvMatch::kExact) return from_etcd(request.ticket, FromEtcd::kExact);
  if (!ready_) return from_etcd(request.ticket, FromEtcd::kGetNotReady);
  const std::int64_t min_rv = min_rv_of(request.rv_match, request.resource_version);
  if (min_rv <= resource_version_) return serve_get(request);
  WaitingRead waiting;
  waiting.ticket = request.ticket;
  waiting.is_list = false;
  waiting.get = request;
  waiting.min_rv = min_rv;
  return wait_for_rv(std::move(waiting), now);
}

ReadAnswer WatchCache::wait_for_rv(WaitingRead waiting, sim::Time now) {
  KCSIM_ASSERT_MSG(waiting_.size() < kMaxWaitingReads, "in-flight limits bound waiting reads");
  ReadAnswer answer;
  answer.ticket = waiting.ticket;
  answer.outcome = ReadOutcome::kWaiting;
  waiting.deadline = now + config_.block_timeout;
  waiting_.push_back(std::move(waiting));
  // watch_cache.go WaitUntilFreshAndList / WaitUntilFreshAndGet: the progress requester
  // counts waiters only with ConsistentListFromCache on (any waiting read, RV N too).
  if (config_.consistent_list_from_cache && next_progress_request_ == sim::kTimeNever) {
    next_progress_request_ = now + config_.progress_request_period;
  }
  return answer;
}

ReadAnswer WatchCache::serve_list(const ListRequest& request) {
  const Selection& selection = request.selection;
  const std::int64_t limit = request.rv_match == api::RvMatch::kAny ? 0 : request.limit;
  ReadAnswer answer;
  answer.ticket = request.ticket;
  api::ApiResponse& response = answer.response;
  response.list_resource_version = resource_version_;

  std::size_t fetched = 0;
  std::size_t total = 0;
  bool has_more = false;
  std::string last_key;
  auto visit = [&](const std::string& key, const api::Versioned& version) {
    ++total;
    if (has_more) return;
    ++fetched;
    if (limit > 0 && static_cast<std::int64_t>(response.items.size()) >= limit) {
      has_more = true;
      return;
    }
    if (selection.matches(*version.object)) {
      response.items.push_back(version);
      last_key = key;
    }
  };
  store_.for_each_candidate(selection, visit);
  if (has_more) {
    // storage::encode_continue's form: "<rv>:<key after the resource prefix>\0", so
    // the continuation reads on from etcd (storage/store.h).
    response.continue_token = std::to_string(resource_version_) + ":" + last_key + '\0';
    if (selection.empty()) {
      response.remaining_item_count =
          static_cast<std::int64_t>(total) - static_cast<std::int64_t>(response.items.size());
    }
  }
  answer.fetched = fetched;
  ++metrics_.cache_list_total;
  metrics_.cache_list_fetched_objects_total += fetched;
  metrics_.cache_list_returned_objects_total += response.items.size();
  return answer;
}

ReadAnswer WatchCache::serve_get(const GetRequest& request) {
  ReadAnswer answer;
  answer.ticket = request.ticket;
  const std::string key = object_key(request.namespace_, request.name);
  const api::Versioned* version = store_.find(key);
  if (version == nullptr) {
    answer.response =
        error_response(api::Code::kNotFound, api::Reason::kNotFound, key + " not found", 0);
  } else {
    answer.response.object = *version;
  }
  answer.response.list_resource_version = resource_version_;
  answer.fetched = version == nullptr ? 0 : 1;
  return answer;
}

ReadAnswer WatchCache::not_ready_answer(std::uint64_t ticket, sim::Time now) {
  ++metrics_.reads_rejected_not_ready_total;
  ReadAnswer answer;
  answer.ticket = ticket;
  answer.response = error_response(api::Code::kTooManyRequests, api::Reason::kTooManyRequests,
                                   "storage is (re)initializing",
                                   retry_after_for_unready_cache(now - unready_since_));
  return answer;
}

ReadAnswer WatchCache::too_large_answer(std::uint64_t ticket, std::int64_t min_rv) {
  ++metrics_.reads_too_large_rv_total;
  ReadAnswer answer;
  answer.ticket = ticket;
  answer.response = error_response(api::Code::kGatewayTimeout, api::Reason::kTimeout,
                                   "Too large resource version: " + std::to_string(min_rv) +
                                       ", current: " + std::to_string(resource_version_),
                                   kTooLargeRvRetrySeconds);
  return answer;
}

void WatchCache::rv_advanced(sim::Time now) {
  (void)now;
  if (waiting_.empty()) return;
  std::vector<WaitingRead> still;
  for (WaitingRead& waiting : waiting_) {
    if (waiting.min_rv > resource_version_ || !ready_) {
      still.push_back(std::move(waiting));
      continue;
    }
    if (waiting.is_list) {
      if (waiting.consistent) ++metrics_.consistent_read_total;
      outbox_.reads_done.push_back(serve_list(waiting.list));
    } else {
      outbox_.reads_done.push_back(serve_get(waiting.get));
    }
  }
  waiting_ = std::move(still);
  if (waiting_.empty()) next_progress_request_ = sim::kTimeNever;
}

void WatchCache::time_out_reads(sim::Time now) {
  if (waiting_.empty()) return;
  std::vector<WaitingRead> still;
  for (WaitingRead& waiting : waiting_) {
    if (waiting.deadline > now) {
      still.push_back(std::move(waiting));
      continue;
    }
    if (waiting.consistent) {
      // delegator.go GetList: IsTooLargeResourceVersion on a consistent read falls back
      // to etcd.
      ++metrics_.consistent_read_total;
      ++metrics_.consistent_read_fallback_total;
      outbox_.reads_done.push_back(from_etcd(waiting.ticket, FromEtcd::kFreshnessTimeout));
    } else {
      outbox_.reads_done.push_back(too_large_answer(waiting.ticket, waiting.min_rv));
    }
  }
  waiting_ = std::move(still);
  if (waiting_.empty()) next_progress_request_ = sim::kTimeNever;
}

// --- watches --------------------------------------------------------------------------------

std::size_t WatchCache::watch_buffer_size(bool trigger_used) const {
  const auto window_seconds = static_cast<std::size_t>(config_.event_fresh_duration / sim::kSecond);
  std::size_t size = (history_.capacity() + window_seconds - 1) / window_seconds;
  size = std::max(size, kMinWatchChanSize);
  std::size_t max_size = kMaxWatchChanSizeWithoutIndex;
  if (config_.trigger) {
    max_size = trigger_used ? kMaxWatchChanSizeWithIndexAndTrigger
                            : kMaxWatchChanSizeWithIndexWithoutTrigger;
  }
  return std::min(size, max_size);
}

WatchAnswer WatchCache::watch(const WatchRequest& request, sim::Time now) {
  WatchAnswer answer;
  if (request.rv_match == api::RvMatch::kExact) {
    answer.outcome = WatchOutcome::kRejected;
    answer.rejection = error_response(api::Code::kBadRequest, api::Reason::kBadRequest,
                                      "resourceVersionMatch is forbidden for watch", 0);
    return answer;
  }
  if (!ready_) {
    ++metrics_.reads_rejected_not_ready_total;
    answer.outcome = WatchOutcome::kRejected;
    answer.rejection = error_response(api::Code::kTooManyRequests, api::Reason::kTooManyRequests,
                                      "storage is (re)initializing",
                                      retry_after_for_unready_cache(now - unready_since_));
    return answer;
  }

  Watcher watcher;
  watcher.request_id = request.request_id;
  watcher.selection = request.selection;
  if (!config_.trigger) watcher.selection.trigger_value.reset();
  watcher.allow_bookmarks = request.allow_bookmarks;
  watcher.deadline = request.deadline;
  const bool trigger_used = watcher.selection.trigger_value.has_value();
  watcher.buffer_capacity = watch_buffer_size(trigger_used);

  const bool from_state =
      request.rv_match != api::RvMatch::kNotOlderThan || request.resource_version == 0;
  if (from_state) {
    // Synthetic ADDED events of the current state, then what follows.
    auto add = [&](const api::Versioned& version) {
      if (!watcher.selection.matches(*version.object)) return;
      api::WatchEvent event;
      event.request_id = request.request_id;
      event.type = api::WatchEventType::kAdded;
      event.object = version;
      event.resource_version = version.resource_version;
      answer.initial_events.push_back(std::move(event));
    };
    store_.for_each_candidate(
        watcher.selection,
        [&](const std::string&, const api::Versioned& version) { add(version); });
    watcher.start_rv = resource_version_;
  } else {
    const std::int64_t oldest = history_.oldest_servable_rv(list_rv_);
    if (request.resource_version < oldest) {
      ++metrics_.watches_expired_total;
      answer.outcome = WatchOutcome::kErrorEvent;
      answer.error_event.request_id = request.request_id;
      answer.error_event.type = api::WatchEventType::kError;
      answer.error_event.error_code = api::Code::kGone;
      answer.error_event.resource_version = oldest;
      return answer;
    }
    watcher.start_rv = request.resource_version;
    for (const CacheEvent* event : history_.since(request.resource_version)) {
      watcher.start_rv = std::max(watcher.start_rv, event->resource_version());
      std::optional<api::WatchEvent> converted = convert(watcher, *event);
      if (converted) answer.initial_events.push_back(std::move(*converted));
    }
  }

  metrics_.watch_events_total += answer.initial_events.size();
  for (const api::WatchEvent& event : answer.initial_events) {
    metrics_.watch_event_bytes_total += event.object.object->encoded_bytes;
  }
  watcher.id = next_watcher_++;
  const Watcher& added = watchers_.add(std::move(watcher));
  metrics_.registered_watchers = watchers_.size();
  schedule_bookmark(added, now);
  answer.outcome = WatchOutcome::kStarted;
  answer.watcher = added.id;
  answer.buffer_capacity = added.buffer_capacity;
  return answer;
}

// --- time -----------------------------------------------------------------------------------

void WatchCache::advance(sim::Time now) {
  if (stall_ && now >= stall_->deadline) finish_stall(now);
  time_out_reads(now);
  if (!waiting_.empty() && now >= next_progress_request_) {
    ++outbox_.progress_requests;
    while (next_progress_request_ <= now)
      next_progress_request_ += config_.progress_request_period;
  }
  if (!stall_) dispatch_bookmarks(now);
}

sim::Time WatchCache::next_wakeup() const {
  sim::Time next = sim::kTimeNever;
  if (stall_) {
    next = std::min(next, stall_->deadline);
  } else {
    next = std::min(next, bookmarks_.next_due());
  }
  for (const WaitingRead& waiting : waiting_)
    next = std::min(next, waiting.deadline);
  if (!waiting_.empty()) next = std::min(next, next_progress_request_);
  return next;
}

Outbox WatchCache::take_outbox() {
  return std::exchange(outbox_, Outbox{});
}

}  // namespace kcsim::apiserver::watchcache
