#include "model/apiserver/server/etcd_codec.h"

#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/objects/resource.h"

namespace kcsim::apiserver {

std::string registry_prefix(api::Kind kind) {
  return "/registry/" + std::string(api::resource_of(kind).etcd_prefix) + "/";
}

std::string object_key(api::Kind kind, const std::string& namespace_, const std::string& name) {
  std::string key = registry_prefix(kind);
  if (!namespace_.empty()) key += namespace_ + "/";
  return key + name;
}

api::ObjectPtr decode_object(const etcd::mvcc::KeyValue& kv) {
  return kv.value.payload_as<api::Object>();
}

etcd::mvcc::Value encode_object(const api::ObjectPtr& object) {
  return etcd::mvcc::Value::payload<api::Object>(object, object->encoded_bytes);
}

}  // namespace kcsim::apiserver
