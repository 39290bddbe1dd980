// Test helpers for the watch cache: pods as immutable shared versions, a cache fed with
// consecutive revisions, and selections.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/watchcache/watch_cache.h"
#include "sim/time.h"

namespace kcsim::apiserver::watchcache::testing {

inline api::ObjectPtr make_pod(const std::string& namespace_, const std::string& name,
                               const std::string& node = "", const std::string& app = "web") {
  api::Object pod;
  pod.meta.namespace_ = namespace_;
  pod.meta.name = name;
  pod.meta.labels = {{"app", app}};
  api::PodBody body;
  body.node_name = node;
  pod.body = std::move(body);
  pod.encoded_bytes = 1000;
  return std::make_shared<const api::Object>(std::move(pod));
}

inline Selection label_app(const std::string& app) {
  Selection selection;
  selection.has_label_selector = true;
  selection.predicate = [app](const api::Object& object) {
    for (const auto& [key, value] : object.meta.labels) {
      if (key == "app") return value == app;
    }
    return false;
  };
  return selection;
}

inline Selection node_name(const std::string& node) {
  Selection selection;
  selection.has_field_selector = true;
  selection.trigger_value = node;
  selection.predicate = [node](const api::Object& object) {
    return object.as<api::PodBody>().node_name == node;
  };
  return selection;
}

// A pod cache with a clock and etcd's revision counter.
struct Harness {
  explicit Harness(WatchCacheConfig config = pod_config()) : cache(std::move(config), now) {}

  static WatchCacheConfig pod_config() {
    WatchCacheConfig config;
    config.kind = api::Kind::kPod;
    config.trigger = pod_node_name_trigger();
    return config;
  }

  void start(std::vector<api::Versioned> items = {}) { cache.replace(items, revision, now); }

  // ADDED or MODIFIED at the next revision.
  api::Versioned put(api::ObjectPtr object) {
    const std::string key = object_key(*object);
    const bool exists = cache.store().find(key) != nullptr;
    api::Versioned version{std::move(object), ++revision};
    cache.apply(exists ? api::WatchEventType::kModified : api::WatchEventType::kAdded, key, version,
                now);
    return version;
  }

  void remove(const std::string& namespace_, const std::string& name) {
    cache.apply(api::WatchEventType::kDeleted, object_key(namespace_, name),
                api::Versioned{nullptr, ++revision}, now);
  }

  void advance_to(sim::Time t) {
    now = t;
    cache.advance(now);
  }

  WatchAnswer watch(api::RvMatch match, std::int64_t rv, Selection selection = {},
                    std::uint64_t request_id = 1) {
    WatchRequest request;
    request.request_id = request_id;
    request.rv_match = match;
    request.resource_version = rv;
    request.selection = std::move(selection);
    return cache.watch(request, now);
  }

  sim::Time now = 0;
  std::int64_t revision = 10;  // etcd's revision; the cache lists at 10
  WatchCache cache;
};

}  // namespace kcsim::apiserver::watchcache::testing
