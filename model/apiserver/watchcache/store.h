// The watch cache's store: the current version of every object of one resource, by key
// ("namespace/name", or "name" for a cluster-scoped kind), sorted by key as the real
// LIST from the cache is (watch_cache.go WaitUntilFreshAndList sorts by key).
//
// Contract:
//  - Holds shared pointers only: an object is never copied into or out of the store.
//  - An optional index by the trigger value (pods: spec.nodeName), the real cache's
//    store indexer, so that a LIST with an exact spec.nodeName selector reads only that
//    node's pods (what apiserver_cache_list_fetched_objects_total counts).
//  - Keys are unique; `replace` swaps the whole content (a relist).
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/apiserver/objects/object.h"
#include "model/apiserver/watchcache/config.h"
#include "model/apiserver/watchcache/requests.h"

namespace kcsim::apiserver::watchcache {

// "namespace/name", or "name" for a cluster-scoped object.
std::string object_key(const api::Object& object);
std::string object_key(const std::string& namespace_, const std::string& name);

class Store {
 public:
  explicit Store(TriggerFunc index) : index_(std::move(index)) {}

  // The previous version (null object when absent).
  api::Versioned put(const std::string& key, api::Versioned version);
  api::Versioned erase(const std::string& key);
  void replace(const std::vector<api::Versioned>& items);

  const api::Versioned* find(const std::string& key) const;
  std::size_t size() const { return objects_.size(); }
  bool has_index() const { return static_cast<bool>(index_); }

  const std::map<std::string, api::Versioned>& all() const { return objects_; }
  // The keys indexed under `value`, sorted (empty set when none).
  const std::set<std::string>& by_index(const std::string& value) const;

  // Calls fn(key, version) for each object a read with this selection must look at, in
  // key order: the trigger index's entries when the selection fixes the indexed value,
  // else the key range of its namespace, else everything. The caller still filters.
  template <typename Fn>
  void for_each_candidate(const Selection& selection, Fn&& fn) const {
    if (selection.trigger_value && has_index()) {
      for (const std::string& key : by_index(*selection.trigger_value)) {
        fn(key, objects_.at(key));
      }
      return;
    }
    auto it = objects_.begin();
    auto end = objects_.end();
    if (!selection.scope.namespace_.empty()) {
      // "ns/" up to "ns0": '0' is the character after '/'.
      it = objects_.lower_bound(selection.scope.namespace_ + "/");
      end = objects_.lower_bound(selection.scope.namespace_ + "0");
    }
    for (; it != end; ++it)
      fn(it->first, it->second);
  }

 private:
  void index_add(const std::string& key, const api::Object& object);
  void index_remove(const std::string& key, const api::Object& object);

  TriggerFunc index_;
  std::map<std::string, api::Versioned> objects_;
  std::map<std::string, std::set<std::string>> indexed_;
};

}  // namespace kcsim::apiserver::watchcache
