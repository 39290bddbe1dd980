// Where a resource's objects live in etcd and how a stored value becomes an object.
#pragma once

#include <string>

#include "model/apiserver/objects/object.h"
#include "model/etcd/mvcc/key_value.h"

namespace kcsim::apiserver {

std::string registry_prefix(api::Kind kind);
api::ObjectPtr decode_object(const etcd::mvcc::KeyValue& kv);

}  // namespace kcsim::apiserver
