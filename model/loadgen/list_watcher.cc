#include "model/loadgen/list_watcher.h"

#include <utility>

#include "model/loadgen/resources.h"

namespace kcsim::loadgen {
namespace {

constexpr sim::Label kBackoff{"loadgen.list_watch_backoff"};

}  // namespace

ListWatcher::ListWatcher(sim::ProcessContext context, std::shared_ptr<GroupContext> group,
                         std::uint64_t index)
    : Process(context),
      group_(std::move(group)),
      index_(index),
      rng_(Process::context().rng("reflector")),
      client_(Process::context(), group_->balancer(), group_->client_config(),
              group_->client_metrics.get()),
      backoff_(client::BackoffConfig{}, Process::context().now()) {
  // A watcher of a namespaced kind watches one of the group's namespaces, in turn.
  const auto& namespaces = group_->spec.namespaces;
  if (api::is_namespaced(group_->kind)) namespace_ = namespaces[index_ % namespaces.size()];
}

void ListWatcher::start() {
  handle(api::kApiResponsePort, [this](sim::ProcessId from, api::ApiResponse&& response) {
    client_.on_response(from, std::move(response));
  });
  handle(api::kWatchEventPort, [this](sim::ProcessId from, api::WatchEvent&& event) {
    client_.on_watch_event(from, event);
  });
  list("");
}

void ListWatcher::list(std::string continue_token) {
  api::ListOptions options;
  options.limit = static_cast<std::int64_t>(group_->spec.list.limit);
  options.continue_token = std::move(continue_token);
  // reflector.go relistResourceVersion().
  if (rv_unavailable_) {
    options.rv_match = api::RvMatch::kUnset;
  } else if (last_rv_ == 0) {
    options.rv_match = api::RvMatch::kAny;
  } else {
    options.rv_match = api::RvMatch::kNotOlderThan;
    options.resource_version = last_rv_;
  }
  client_.list(group_->kind, namespace_, std::move(options),
               [this](client::Result&& result) { on_list(std::move(result)); });
}

void ListWatcher::on_list(client::Result&& result) {
  group_->group_metrics.request_done(api::Verb::kList, result.status, result.latency);
  if (!result.status.ok()) {
    // reflector.go list(): an expired resourceVersion makes the next list a consistent one.
    if (client::is_expired_error(result.status)) rv_unavailable_ = true;
    after_backoff(true);
    return;
  }
  if (!result.response.continue_token.empty()) {
    list(result.response.continue_token);
    return;
  }
  last_rv_ = result.response.list_resource_version;
  rv_unavailable_ = false;
  group_->group_metrics.relists.inc();
  watch();
}

void ListWatcher::watch() {
  api::ListOptions options;
  options.rv_match = api::RvMatch::kNotOlderThan;
  options.resource_version = last_rv_;
  options.allow_watch_bookmarks = true;
  // reflector.go watch(): timeoutSeconds = minWatchTimeout * (rand.Float64() + 1.0).
  options.timeout =
      static_cast<sim::Time>(static_cast<double>(kMinWatchTimeout) * (rng_.unit() + 1.0));
  watch_started_ = now();
  watch_ = client_.watch(
      group_->kind, namespace_, std::move(options),
      client::WatchCallbacks{[this](const api::WatchEvent& event) {
                               group_->group_metrics.watch_events.inc();
                               const std::int64_t rv = event.resource_version != 0
                                                           ? event.resource_version
                                                           : event.object.resource_version;
                               if (rv > last_rv_) last_rv_ = rv;
                             },
                             [this](const client::WatchEnd& end) { on_watch_end(end); }});
}

void ListWatcher::on_watch_end(const client::WatchEnd& end) {
  watch_ = 0;
  switch (end.kind) {
    case client::WatchEnd::Kind::kClosed:
      if (now() - watch_started_ < kShortWatch && end.events == 0) {
        after_backoff(true);  // "very short watch": ListAndWatch returns an error
        return;
      }
      group_->group_metrics.resumes.inc();
      watch();  // resume from the last resourceVersion
      return;
    case client::WatchEnd::Kind::kError:
      if (client::is_too_many_requests(end.status)) {
        after_backoff(false);
        return;
      }
      after_backoff(true);  // 410 Expired: relist
      return;
    case client::WatchEnd::Kind::kFailed:
      // isWatchErrorRetriable: a refused connection or a 429 retries the watch.
      after_backoff(!(client::is_too_many_requests(end.status) ||
                      end.status.transport == client::Transport::kConnectionRefused));
      return;
  }
}

void ListWatcher::after_backoff(bool relist) {
  const sim::Time wait = backoff_.next(now(), rng_);
  after(wait, kBackoff, [this, relist] {
    if (relist) {
      list("");
    } else {
      watch();
    }
  });
}

}  // namespace kcsim::loadgen
