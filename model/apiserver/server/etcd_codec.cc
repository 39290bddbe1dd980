#include "model/apiserver/server/etcd_codec.h"

#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/server/apiserver_metrics.h"

namespace kcsim::apiserver {

std::string registry_prefix(api::Kind kind) {
  return "/registry/" + std::string(resource_of(kind)) + "/";
}

std::string object_key(api::Kind kind, const std::string& namespace_, const std::string& name) {
  std::string key = registry_prefix(kind);
  if (!namespace_.empty()) key += namespace_ + "/";
  return key + name;
}

// PENDING the typed etcd values (api-objects): until then no object survives etcd.
api::ObjectPtr decode_object(const etcd::mvcc::KeyValue&) {
  return nullptr;
}

etcd::mvcc::Value encode_object(const api::ObjectPtr& object) {
  return etcd::mvcc::make_value(std::string(object->encoded_bytes, 'x'));
}

}  // namespace kcsim::apiserver
