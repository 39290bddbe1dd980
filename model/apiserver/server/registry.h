// The replica's storage calls, as the REST handlers make them (pkg/registry/generic/
// registry/store.go over storage/etcd3/store.go): reads and writes of one object or a
// list, straight to etcd, answered as the API answers them.
//
// Contract:
//  - Each call answers `done` exactly once with the response the client will get (code,
//    reason, object or items, list_resource_version), unless the replica's incarnation
//    ends first. Objects carry their resourceVersion (etcd's mod revision).
//  - Writes are optimistic: an update with a stale resourceVersion is 409 Conflict, a
//    create of an existing name 409 AlreadyExists, a missing object 404; a LIST at a
//    compacted revision is 410 Expired.
//  - `etcd_seconds` reports each etcd call's duration, for etcd_request_duration_seconds.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/watchcache/requests.h"
#include "model/etcd/member/kv_client.h"
#include "sim/process.h"

namespace kcsim::apiserver {

class Registry {
 public:
  using Done = std::function<void(api::ApiResponse)>;
  using EtcdTimer = std::function<void(std::string_view operation, api::Kind, double seconds)>;

  virtual ~Registry() = default;
  // GET, LIST (with the selection already built), CREATE, UPDATE, PATCH, DELETE.
  virtual void get(const api::ApiRequest& request, sim::Time deadline, Done done) = 0;
  virtual void list(const api::ApiRequest& request, const watchcache::Selection& selection,
                    sim::Time deadline, Done done) = 0;
  virtual void write(const api::ApiRequest& request, sim::Time deadline, Done done) = 0;
};

// The registry over kcsim's storage layer (model/apiserver/storage/).
std::unique_ptr<Registry> make_registry(sim::ProcessContext& owner, etcd::KvClient& etcd,
                                        Registry::EtcdTimer timer);

}  // namespace kcsim::apiserver
