#include "model/apiserver/watchcache/store.h"

#include <utility>

#include "model/apiserver/objects/kinds.h"
#include "sim/invariant.h"

namespace kcsim::apiserver::watchcache {

std::string object_key(const std::string& namespace_, const std::string& name) {
  if (namespace_.empty()) return name;
  std::string key;
  key.reserve(namespace_.size() + 1 + name.size());
  key.append(namespace_).append("/").append(name);
  return key;
}

std::string object_key(const api::Object& object) {
  return object_key(object.meta.namespace_, object.meta.name);
}

api::Versioned Store::put(const std::string& key, api::Versioned version) {
  KCSIM_ASSERT(version.object != nullptr);
  api::Versioned previous;
  auto it = objects_.find(key);
  if (it != objects_.end()) {
    previous = it->second;
    index_remove(key, *previous.object);
    index_add(key, *version.object);
    it->second = std::move(version);
  } else {
    index_add(key, *version.object);
    objects_.emplace(key, std::move(version));
  }
  return previous;
}

api::Versioned Store::erase(const std::string& key) {
  api::Versioned previous;
  auto it = objects_.find(key);
  if (it == objects_.end()) return previous;
  previous = std::move(it->second);
  objects_.erase(it);
  index_remove(key, *previous.object);
  return previous;
}

void Store::replace(const std::vector<api::Versioned>& items) {
  objects_.clear();
  indexed_.clear();
  for (const api::Versioned& item : items) {
    KCSIM_ASSERT(item.object != nullptr);
    const std::string key = object_key(*item.object);
    KCSIM_ASSERT_MSG(!objects_.contains(key), "a LIST has each key once");
    index_add(key, *item.object);
    objects_.emplace(key, item);
  }
}

const api::Versioned* Store::find(const std::string& key) const {
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : &it->second;
}

const std::set<std::string>& Store::by_index(const std::string& value) const {
  static const std::set<std::string> kEmpty;
  auto it = indexed_.find(value);
  return it == indexed_.end() ? kEmpty : it->second;
}

void Store::index_add(const std::string& key, const api::Object& object) {
  if (!index_) return;
  indexed_[index_(object)].insert(key);
}

void Store::index_remove(const std::string& key, const api::Object& object) {
  if (!index_) return;
  auto it = indexed_.find(index_(object));
  KCSIM_ASSERT(it != indexed_.end());
  it->second.erase(key);
  if (it->second.empty()) indexed_.erase(it);
}

}  // namespace kcsim::apiserver::watchcache
