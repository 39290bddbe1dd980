#include "model/apiserver/server/resource_cache.h"

#include <utility>

#include <spdlog/logger.h>

#include "model/apiserver/storage/store.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {
namespace {

constexpr sim::Label kRelist{"apiserver.cache_relist"};
constexpr sim::Label kWakeup{"apiserver.cache_wakeup"};
// Events held while the cache stalls: the reflector blocks after the cacher's 100
// incoming events; one etcd watch response adds at most a revision's events. Far more
// is a bug.
constexpr std::size_t kPendingMax = 1 << 20;

watchcache::WatchCacheConfig cache_config(api::Kind kind, const ApiServerConfig& server) {
  watchcache::WatchCacheConfig config;
  config.kind = kind;
  if (kind == api::Kind::kPod) config.trigger = watchcache::pod_node_name_trigger();
  // The feature gate; etcd 3.4+ supports RequestWatchProgress (the real cacher also
  // checks etcdfeature's RequestWatchProgress support: kcsim's members are 3.5).
  config.consistent_list_from_cache = server.consistent_list_from_cache;
  return config;
}

}  // namespace

ResourceCache::ResourceCache(sim::ProcessContext& owner, storage::Store& store,
                             const std::vector<sim::ProcessId>& endpoints,
                             std::size_t first_endpoint, const ApiServerConfig& config,
                             api::Kind kind, ApiServerMetrics& metrics, Drain drain)
    : owner_(owner),
      store_(store),
      config_(config),
      kind_(kind),
      prefix_(storage::prefix_of(kind, "")),
      metrics_(metrics),
      drain_(std::move(drain)),
      cache_(cache_config(kind, config), owner.now()),
      stream_(owner, endpoints, first_endpoint,
              etcd::WatchStreamConfig{config.etcd_keepalive_time, config.etcd_keepalive_timeout,
                                      config.etcd_dial_timeout, true},
              *this) {}

void ResourceCache::start() {
  list();
}

void ResourceCache::list() {
  if (listing_) return;
  listing_ = true;
  ++generation_;
  storage::ListRequest request;
  request.kind = kind_;
  // The storage layer times each try ("list") and retries an unavailable etcd
  // (etcd3retry), as the cacher's listerWatcher's GetList does.
  store_.list(
      std::move(request),
      [this, generation = generation_](storage::ListResult result) {
        if (generation != generation_) return;
        on_list(std::move(result));
      },
      owner_.now() + config_.etcd_request_timeout);
}

void ResourceCache::on_list(storage::ListResult result) {
  listing_ = false;
  if (!result.status.ok()) {
    owner_.log().warn("{}: list of {} failed: {}", owner_.name(), prefix_, result.status.message);
    relist_later();
    return;
  }
  if (listed_once_) ++relists_;
  owner_.log().info("{}: {} listed at revision {} ({} objects)", owner_.name(), prefix_,
                    result.resource_version, result.items.size());
  listed_once_ = true;
  pending_.clear();
  cache_.replace(result.items, result.resource_version, owner_.now());
  etcd::mvcc::WatchCreateRequest watch;
  watch.range = etcd::mvcc::KeyRange::prefix(prefix_);
  watch.start_revision = result.resource_version + 1;
  watch.prev_kv = true;
  watch.progress_notify = true;
  stream_.restart(watch);
  after_input();
}

void ResourceCache::relist_later() {
  owner_.after(watchcache::kRelistPeriod, kRelist, [this] { list(); });
}

bool ResourceCache::on_watch_message(const etcd::WatchMessage& message) {
  return stream_.on_message(message);
}

void ResourceCache::on_watch_events(const etcd::mvcc::WatchResponse& response) {
  if (listing_) return;  // a relist is under way: its list supersedes these
  for (const etcd::mvcc::Event& event : response.events) {
    Pending p;
    p.key = event.kv.key.substr(prefix_.size());  // the cache's key: "namespace/name"
    if (event.type == etcd::mvcc::EventType::kDelete) {
      p.type = api::WatchEventType::kDeleted;
      p.version.object = event.prev_kv ? storage::stored_object(*event.prev_kv) : nullptr;
    } else {
      p.type = event.kv.create_revision == event.kv.mod_revision ? api::WatchEventType::kAdded
                                                                 : api::WatchEventType::kModified;
      p.version.object = storage::stored_object(event.kv);
    }
    p.version.resource_version = event.kv.mod_revision;
    pending_.push_back(std::move(p));
  }
  KCSIM_ASSERT_MSG(pending_.size() <= kPendingMax, "a watch cache's held events are bounded");
  after_input();
}

void ResourceCache::on_watch_progress(std::int64_t revision) {
  if (listing_) return;
  pending_.push_back(Pending{api::WatchEventType::kBookmark, {}, {nullptr, revision}, true});
  KCSIM_ASSERT_MSG(pending_.size() <= kPendingMax, "a watch cache's held events are bounded");
  after_input();
}

void ResourceCache::on_watch_halted(etcd::ClientError error, std::int64_t) {
  owner_.log().warn("{}: watch of {} halted: {}", owner_.name(), prefix_, etcd::to_string(error));
  pending_.clear();
  cache_.reset(owner_.now());
  after_input();
  relist_later();
}

void ResourceCache::feed() {
  while (!pending_.empty() && cache_.can_apply()) {
    Pending& p = pending_.front();
    if (p.progress) {
      cache_.progress(p.version.resource_version, owner_.now());
    } else {
      cache_.apply(p.type, p.key, std::move(p.version), owner_.now());
    }
    pending_.pop_front();
  }
}

void ResourceCache::after_input() {
  if (draining_) {  // an input given while draining (an ack): the loop below takes it
    return;
  }
  draining_ = true;
  cache_.advance(owner_.now());
  // Draining acknowledges deliveries, which may dispatch more (a stalled dispatch
  // resumes) or let held events in: repeat until the cache has nothing more to say.
  for (std::size_t rounds = 0;; ++rounds) {
    KCSIM_ASSERT_MSG(rounds <= kPendingMax, "a watch cache's drain loop ends");
    feed();
    if (cache_.outbox().empty()) break;
    drain_(kind_, cache_.take_outbox());
  }
  draining_ = false;
  export_metrics();
  schedule_wakeup();
}

void ResourceCache::schedule_wakeup() {
  const sim::Time next = cache_.next_wakeup();
  if (next == wakeup_at_) return;
  if (wakeup_at_ != sim::kTimeNever) owner_.cancel(wakeup_);
  wakeup_at_ = next;
  if (next == sim::kTimeNever) return;
  const sim::Time delay = next > owner_.now() ? next - owner_.now() : 0;
  wakeup_ = owner_.after(delay, kWakeup, [this] {
    wakeup_at_ = sim::kTimeNever;
    after_input();
  });
}

void ResourceCache::withdraw_metrics() {
  metrics_.watchers(kind_).add(-static_cast<double>(exported_.registered_watchers));
  exported_.registered_watchers = 0;
}

void ResourceCache::export_metrics() {
  const watchcache::Metrics& now = cache_.metrics();
  if (now.initializations_total > exported_.initializations_total) {
    metrics_.cache_initializations.add(
        static_cast<double>(now.initializations_total - exported_.initializations_total));
  }
  const auto add = [](sim::Counter& counter, std::uint64_t now_value, std::uint64_t before) {
    if (now_value > before) counter.add(static_cast<double>(now_value - before));
  };
  add(metrics_.cache_events_received, now.events_received_total, exported_.events_received_total);
  add(metrics_.cache_events_dispatched, now.events_dispatched_total,
      exported_.events_dispatched_total);
  add(metrics_.cache_lists, now.cache_list_total, exported_.cache_list_total);
  // Consistent reads the cache served; those it handed to etcd are counted by the
  // server when etcd answers (success is etcd's).
  const auto from_cache = [](const watchcache::Metrics& m) {
    return m.consistent_read_total - m.consistent_read_fallback_total;
  };
  add(metrics_.consistent_reads(kind_, true, false), from_cache(now), from_cache(exported_));
  if (now.watch_events_total > exported_.watch_events_total) {
    metrics_.watch_events(kind_).add(
        static_cast<double>(now.watch_events_total - exported_.watch_events_total));
  }
  if (now.terminated_watchers_total > exported_.terminated_watchers_total) {
    metrics_.terminated_watchers(kind_).add(
        static_cast<double>(now.terminated_watchers_total - exported_.terminated_watchers_total));
  }
  if (now.registered_watchers != exported_.registered_watchers) {
    metrics_.watchers(kind_).add(static_cast<double>(now.registered_watchers) -
                                 static_cast<double>(exported_.registered_watchers));
  }
  metrics_.storage_objects(kind_).set(static_cast<double>(cache_.store().size()));
  exported_ = now;
}

}  // namespace kcsim::apiserver
