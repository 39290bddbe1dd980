#include "model/apiserver/server/etcd_codec.h"

#include "model/apiserver/server/apiserver_metrics.h"

namespace kcsim::apiserver {

std::string registry_prefix(api::Kind kind) {
  return "/registry/" + std::string(resource_of(kind)) + "/";
}

api::ObjectPtr decode_object(const etcd::mvcc::KeyValue&) {
  return nullptr;
}

}  // namespace kcsim::apiserver
