// The replica's storage calls as its REST handlers make them (pkg/registry/generic/
// registry/store.go over the storage layer): each request mapped onto storage::Store
// (model/apiserver/storage/store.h, the one storage implementation, with etcd3retry's
// retries and the etcd_request_duration_seconds hook) and its result onto the answer
// the client gets.
//
// Contract:
//  - Each call answers `done` exactly once with the response the client will get (code,
//    reason and message as store.h's contract states them; object or items,
//    list_resource_version, continue_token), unless the replica's incarnation ends first.
//    Objects carry their resourceVersion (etcd's mod revision).
//  - GET reads the key (at the RV for resourceVersionMatch=Exact). LIST reads the
//    selection's namespace, filtered by its selectors, paged by limit/continue, at the
//    RV for Exact (and for NotOlderThan with a limit: the legacy exact read of a paged
//    list, delegator.go); a continuation reads at its token's revision (a request's own
//    RV beside a token is dropped, as client-go's pager sends none).
//  - current_resource_version: etcd's current revision for a consistent read from the
//    watch cache (storage::Store::current_resource_version); on failure the revision is
//    0 and the response is the error the client gets.
//  - CREATE: 201, or 409 AlreadyExists. UPDATE: the body's resourceVersion is the
//    precondition (409 Conflict when stale; 0: unconditional). PATCH: patch.h, inside
//    GuaranteedUpdate. DELETE: graceful deletion and finalizers (store.h remove).
#pragma once

#include <cstdint>
#include <functional>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/server/selection.h"
#include "model/apiserver/storage/store.h"
#include "model/etcd/member/kv_client.h"
#include "sim/process.h"

namespace kcsim::apiserver {

class Registry {
 public:
  using Done = std::function<void(api::ApiResponse)>;

  using RevisionDone = std::function<void(std::int64_t revision, api::ApiResponse failure)>;

  Registry(sim::ProcessContext& owner, etcd::KvClient& etcd, sim::Time request_timeout,
           storage::EtcdTimer timer, storage::ListRecorder on_list);

  void get(const api::ApiRequest& request, sim::Time deadline, Done done);
  void list(const api::ApiRequest& request, const Selectors& selectors, sim::Time deadline,
            Done done);
  void current_resource_version(api::Kind kind, sim::Time deadline, RevisionDone done);
  // CREATE, UPDATE, PATCH, DELETE.
  void write(const api::ApiRequest& request, sim::Time deadline, Done done);

  // The replica's storage, which its watch caches list through too.
  storage::Store& store() { return store_; }

 private:
  storage::Store store_;
};

}  // namespace kcsim::apiserver
