// Where a resource's objects live in etcd and how an object becomes a stored value and
// back: the value carries the immutable object itself (etcd::mvcc::Value's typed
// payload) with its modelled encoded size, so etcd's store, its watch events and every
// watch cache share one version.
#pragma once

#include <string>

#include "model/apiserver/objects/object.h"
#include "model/etcd/mvcc/key_value.h"

namespace kcsim::apiserver {

// "/registry/<resource>/": kube-apiserver's default --etcd-prefix and the resource.
std::string registry_prefix(api::Kind kind);
// The key of one object: the prefix, then "<namespace>/<name>" or "<name>".
std::string object_key(api::Kind kind, const std::string& namespace_, const std::string& name);
// The stored object of an etcd value (a typed payload; null for anything else).
api::ObjectPtr decode_object(const etcd::mvcc::KeyValue& kv);
// An object as an etcd value of its modelled encoded size.
etcd::mvcc::Value encode_object(const api::ObjectPtr& object);

}  // namespace kcsim::apiserver
