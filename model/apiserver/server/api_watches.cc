#include "model/apiserver/server/api_watches.h"

#include <cmath>

#include "model/apiserver/server/resource_cache.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {
namespace {

constexpr sim::Label kWatchEvent{"apiserver.watch_event"};
constexpr sim::Label kWatchRejected{"apiserver.watch_rejected"};
constexpr sim::Label kWatchDeadline{"apiserver.watch_deadline"};
constexpr sim::Label kWatchHeaders{"apiserver.watch_headers"};

std::uint64_t event_bytes(const api::WatchEvent& event) {
  const std::uint64_t object =
      event.object.object != nullptr ? event.object.object->encoded_bytes : 0;
  return object + ApiWatches::kEventEnvelopeBytes;
}

}  // namespace

sim::Time ApiWatches::draw_timeout(const api::ApiRequest& request) {
  if (request.options.timeout > 0) return request.options.timeout;
  // watch.go: timeout = minRequestTimeout x (1 + rand.Float64()).
  const double factor = 1.0 + rng_.unit();
  return static_cast<sim::Time>(std::llround(static_cast<double>(min_request_timeout_) * factor));
}

api::Code ApiWatches::reject(sim::ProcessId client, const api::ApiRequest& request,
                             api::ApiResponse rejection) {
  const api::Code code = rejection.code;
  const sim::StreamId stream = request.stream;
  if (stream == sim::kNoStream || !owner_.stream_open(stream)) return code;  // the client left
  rejection.request_id = request.request_id;
  owner_.send_on_stream(stream, api::kApiResponsePort, client, 256, kWatchRejected,
                        std::move(rejection));
  owner_.close_stream(stream);
  return code;
}

ApiWatches::Opened ApiWatches::open(sim::ProcessId client, const api::ApiRequest& request,
                                    const watchcache::Selection& selection, ResourceCache& cache) {
  const sim::StreamId stream = request.stream;
  Opened opened;
  if (stream == sim::kNoStream || !owner_.stream_open(stream)) return opened;  // the client left
  watchcache::WatchRequest watch;
  watch.request_id = request.request_id;
  watch.rv_match = request.options.rv_match;
  watch.resource_version = request.options.resource_version;
  watch.selection = selection;
  watch.allow_bookmarks = request.options.allow_watch_bookmarks;
  const sim::Time timeout = draw_timeout(request);
  watch.deadline = owner_.now() + timeout;
  watchcache::WatchAnswer answer = cache.cache().watch(watch, owner_.now());
  Watch w{client, request.request_id, cache.kind(), answer.watcher, &cache, {}};
  switch (answer.outcome) {
    case watchcache::WatchOutcome::kRejected:
      opened.code = reject(client, request, std::move(answer.rejection));
      break;
    case watchcache::WatchOutcome::kErrorEvent: {
      // 200 and one ERROR event (410 Expired), then the end of the stream.
      api::ApiResponse headers;
      headers.request_id = request.request_id;
      owner_.send_on_stream(stream, api::kApiResponsePort, client, kEventEnvelopeBytes,
                            kWatchHeaders, std::move(headers));
      answer.error_event.request_id = request.request_id;
      opened.events = 1;
      opened.bytes = event_bytes(answer.error_event);
      write(stream, w, answer.error_event);
      owner_.close_stream(stream);
      break;
    }
    case watchcache::WatchOutcome::kStarted: {
      // The response's headers (200): the client knows its watch is established.
      api::ApiResponse headers;
      headers.request_id = request.request_id;
      owner_.send_on_stream(stream, api::kApiResponsePort, client, kEventEnvelopeBytes,
                            kWatchHeaders, std::move(headers));
      for (api::WatchEvent& event : answer.initial_events) {
        event.request_id = request.request_id;
        ++opened.events;
        opened.bytes += event_bytes(event);
        write(stream, w, event);
      }
      w.deadline = owner_.after(timeout, kWatchDeadline, [this, stream] {
        forget(stream, true);
        owner_.close_stream(stream);
      });
      w.gate_token = gate_.register_watch(request);
      by_watcher_[{w.kind, w.watcher}] = stream;
      by_stream_[stream] = w;
      owner_.on_stream_closed(stream, [this, stream] { forget(stream, true); });
      break;
    }
  }
  cache.after_input();
  return opened;
}

void ApiWatches::write(sim::StreamId stream, const Watch& watch, const api::WatchEvent& event) {
  owner_.send_on_stream(stream, api::kWatchEventPort, watch.client, event_bytes(event), kWatchEvent,
                        event);
}

ApiWatches::Opened ApiWatches::deliver(api::Kind kind,
                                       const std::vector<watchcache::Delivery>& deliveries,
                                       ResourceCache& cache) {
  Opened written;
  for (const watchcache::Delivery& delivery : deliveries) {
    const auto found = by_watcher_.find({kind, delivery.watcher});
    if (found == by_watcher_.end()) continue;  // ended meanwhile
    const Watch& watch = by_stream_.at(found->second);
    api::WatchEvent event = delivery.event;
    event.request_id = watch.request_id;
    ++written.events;
    written.bytes += event_bytes(event);
    write(found->second, watch, event);
    cache.cache().ack(delivery.watcher, 1, owner_.now());
  }
  return written;
}

void ApiWatches::terminate(api::Kind kind,
                           const std::vector<watchcache::Termination>& terminations) {
  for (const watchcache::Termination& t : terminations) {
    const auto found = by_watcher_.find({kind, t.watcher});
    if (found == by_watcher_.end()) continue;
    const sim::StreamId stream = found->second;
    forget(stream, false);
    owner_.close_stream(stream);
  }
}

void ApiWatches::forget(sim::StreamId stream, bool cancel) {
  const auto it = by_stream_.find(stream);
  if (it == by_stream_.end()) return;
  Watch watch = it->second;
  by_stream_.erase(it);
  by_watcher_.erase({watch.kind, watch.watcher});
  owner_.cancel(watch.deadline);
  gate_.forget_watch(watch.gate_token);
  if (cancel) {
    watch.cache->cache().cancel_watch(watch.watcher, owner_.now());
    watch.cache->after_input();
  }
}

void ApiWatches::close_all() {
  while (!by_stream_.empty()) {
    const sim::StreamId stream = by_stream_.begin()->first;
    forget(stream, true);
    owner_.close_stream(stream);
  }
}

}  // namespace kcsim::apiserver
