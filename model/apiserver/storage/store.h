// kube-apiserver's storage layer ("the registry" over etcd3): typed objects stored in
// etcd through an etcd::KvClient, with kube-apiserver's semantics and errors.
//
// Contract (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go and
// pkg/registry/generic/registry/store.go, kube-apiserver 1.32-1.34):
//  - Keys: `/registry/<prefix>/<namespace>/<name>`, cluster-scoped kinds
//    `/registry/<prefix>/<name>` (prefix: objects/resource.h etcd_prefix). The etcd value
//    is the ObjectPtr itself (mvcc::Value::payload, modelled size encoded_bytes): etcd,
//    its watch events and every watch cache share the one version. A returned
//    Versioned's resource_version is the key's mod revision; stored objects carry 0 in
//    meta.resource_version (object.h).
//  - Every call is asynchronous and answers `done` exactly once, unless the owner's
//    incarnation ends first (then never: KvClient drops its calls). No call blocks.
//    The Store must not outlive the owning process's incarnation.
//  - create: Txn(create_revision == 0 -> put) -> 201, else 409 AlreadyExists. Sets uid
//    (from the owner's "apiserver.uid" random stream), creationTimestamp (now),
//    generation 1; clears resourceVersion.
//  - get: a consistent Range of the key (or at `revision` when > 0) -> 404 NotFound.
//  - list: a Range of the prefix with limit/continue paging. The continue token holds
//    the list's revision and the next key, relative to the resource's prefix
//    ("<rv>:<namespace>/<name>\0", the form the watch cache's first page writes too); a
//    later page reads at that revision, so a paged list is a snapshot. A token whose
//    key lies outside the list's range is 400 BadRequest. A compacted revision -> 410 Expired (with
//    interpretListError's messages). Selectors filter after reading (as etcd3 does);
//    with a selector and a limit, it reads more pages until `limit` items match or the
//    range ends. `objects_read` vs `items.size()` is the cost model's read-vs-returned.
//  - guaranteed_update: read-modify-write. Starts from `cached` when given (the watch
//    cache's version, as GuaranteedUpdate's origState), calls `update` with the current
//    version, and writes Txn(mod_revision == current RV -> put). If the txn fails (a
//    concurrent writer), the txn's failure branch re-reads and `update` runs again, up
//    to kMaxUpdateAttempts. If `update` fails while the state came from the cache, it
//    re-reads once from etcd and retries (GuaranteedUpdate's origStateIsCurrent). An
//    `update` answering the same object (pointer) writes nothing and returns current.
//    The store keeps metadata it owns (uid, creationTimestamp, deletion fields unless
//    set by delete) and bumps generation on a spec change (build.h tracks_generation).
//    If after the update the object has a deletionTimestamp, a zero grace period and
//    no finalizers, it is deleted instead (registry Store.Update
//    ShouldDeleteDuringUpdate): the answer is 200 with the last version.
//  - update: guaranteed_update whose `update` answers the given object; a non-zero
//    meta.resource_version is the precondition -> 409 Conflict "Operation cannot be
//    fulfilled on <res> \"<name>\": the object has been modified; please apply your
//    changes to the latest version and try again". 0: unconditional (the kinds kcsim
//    models all AllowUnconditionalUpdate).
//  - remove: registry Store.Delete. 404 when absent; precondition RV -> 409. Graceful
//    pods (spec.nodeName set, not Succeeded/Failed, grace > 0): the object is kept with
//    deletionTimestamp = now + grace, deletionGracePeriodSeconds = grace, answered 200
//    with that version (a kubelet deletes it later with grace 0). An object with
//    finalizers gets deletionTimestamp = now and grace 0, and stays until an update
//    removes the last finalizer. Otherwise Txn(mod_revision == read RV -> delete),
//    retried on a concurrent change; answers 200 with the deleted object at the
//    delete's revision.
//  - etcd errors as kube-apiserver returns them: an etcd error that is not a storage
//    error reaches the client as 500 with etcd's message ("etcdserver: request timed
//    out", "etcdserver: no leader", "etcdserver: mvcc: database space exceeded"; the
//    reason is StatusReasonUnknown, here kInternalError: responsewriters/status.go
//    ErrorToAPIStatus); the KvClient's own deadline is the request context's: 504
//    Timeout "Timeout: request did not complete within requested timeout - context
//    deadline exceeded" (endpoints/handlers/rest.go finishRequest).
//  - Deadlines: each call takes the request's deadline (0: now + request_timeout); every
//    etcd call of the operation, retries included, ends by it.
//  - Retries (storage/etcd3/etcd3retry/retry_etcdclient.go): an etcd call failing with
//    gRPC code Unavailable ("no leader", "leader changed", "request timed out", a
//    refused connection) is made again after 300ms, doubling, 5 tries in all (about
//    4.5s), never past the deadline; the real backoff has 10% jitter, here it is exact
//    (no draw). Other errors (a full database, too large, compacted) are not retried.
//  - current_resource_version: etcd's current revision, as kube-apiserver gets it for a
//    consistent read from the watch cache (storage/util.go
//    GetCurrentResourceVersionFromStorage in 1.32, etcd3/store.go
//    GetCurrentResourceVersion in 1.33+): a GetList of the resource's prefix with
//    Limit 1, i.e. one linearizable Range with limit 1 (etcd still counts the keys of
//    the range for the response's count; it reads at most one value). A revision of 0
//    is an internal error ("the current resource version must be greater than 0").
//  - Timing: each etcd call (each try) is reported to `timer` (operation "get", "list",
//    "create", "update", "delete"; the resource), for etcd_request_duration_seconds.
//    Each list that succeeds is reported to `on_list` with the objects it read from
//    etcd (apiserver_storage_list_total, apiserver_storage_list_fetched_objects_total:
//    etcd3/store.go GetList's RecordStorageListMetrics).
//  - Sizes: a stored version's encoded_bytes is the size of the version it comes from
//    (the request's object, or the current version for a patch or a delete mark) plus
//    what the fields the store changed add (size.h, computed on both): a client that
//    declares its objects' size (a load generator) keeps it, and a sealed object's size
//    stays what seal computes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/objects/selector.h"
#include "model/apiserver/storage/errors.h"
#include "model/etcd/member/kv_client.h"
#include "sim/process.h"
#include "sim/random.h"

namespace kcsim::apiserver::storage {

struct ObjectResult {
  Status status;
  api::Versioned object;  // null object on failure (except the deleted-vs-kept rule above)
  bool deleted = false;   // remove / guaranteed_update: the key is gone from etcd
};

struct ListResult {
  Status status;
  std::vector<api::Versioned> items;
  std::int64_t resource_version = 0;       // the revision the list was read at
  std::string continue_token;              // empty: the list is complete
  std::int64_t remaining_item_count = -1;  // known only without selectors
  std::int64_t objects_read = 0;           // from etcd, before filtering
  std::uint64_t bytes_read = 0;            // their encoded_bytes
  std::int64_t etcd_calls = 0;             // Range requests made for this page
};

// What a list asks (from api::ListOptions, with the selectors parsed once).
struct ListRequest {
  api::Kind kind = api::Kind::kPod;
  std::string namespace_;  // empty: all namespaces (or a cluster-scoped kind)
  api::LabelSelector labels;
  std::optional<api::FieldSelector> fields;
  std::int64_t limit = 0;  // 0: no limit
  std::string continue_token;
  std::int64_t resource_version = 0;  // > 0: read at exactly this revision (RvMatch kExact)
};

// The answer of a GuaranteedUpdate function: the new object, or a failure.
struct UpdateOutcome {
  Status status;  // not ok: stop with this status
  api::ObjectPtr object;
};
// Called with the current version (never null: a missing key answers 404 first).
using UpdateFunction = std::function<UpdateOutcome(const api::Versioned& current)>;

struct DeleteOptions {
  std::optional<std::int64_t> grace_period_seconds;  // none: the object's own
  std::int64_t precondition_resource_version = 0;    // 0: none
};

struct StoreConfig {
  // The deadline of each etcd call: kube-apiserver's --request-timeout (1m) bounds the
  // request context the etcd client uses.
  sim::Time request_timeout = 60 * sim::kSecond;
  // Bound on GuaranteedUpdate's retry loop (the real loop is unbounded; kcsim bounds
  // every retry): beyond it the answer is 409 Conflict.
  int max_update_attempts = 64;
  // The most keys one Range reads while filtering a limited list (etcd3's
  // maxLimit = 10000 in store.go GetList, where the limit doubles each round).
  std::int64_t max_range_limit = 10'000;
  // etcd3retry's defaultRetry: 300ms, doubling, 5 tries.
  sim::Time retry_initial = 300 * sim::kMillisecond;
  int retry_steps = 5;
};

// Reports one etcd call's duration (etcd_request_duration_seconds{operation,type}).
using EtcdTimer = std::function<void(std::string_view operation, api::Kind kind, double seconds)>;
// Reports one list served from etcd and the objects it read (apiserver_storage_list_*).
using ListRecorder = std::function<void(api::Kind kind, std::int64_t objects_read)>;

class Store {
 public:
  using ObjectDone = std::function<void(ObjectResult)>;
  using ListDone = std::function<void(ListResult)>;
  // The status and, when ok, etcd's current revision (> 0).
  using RevisionDone = std::function<void(Status, std::int64_t revision)>;

  Store(sim::ProcessContext& owner, etcd::KvClient& client, StoreConfig config = {},
        EtcdTimer timer = {}, ListRecorder on_list = {});

  // `deadline`: the request's (0: now + config.request_timeout).
  void create(api::ObjectPtr object, ObjectDone done, sim::Time deadline = 0);
  void get(api::Kind kind, const std::string& namespace_, const std::string& name, ObjectDone done,
           std::int64_t revision = 0, sim::Time deadline = 0);
  void list(ListRequest request, ListDone done, sim::Time deadline = 0);
  void current_resource_version(api::Kind kind, RevisionDone done, sim::Time deadline = 0);
  void update(api::ObjectPtr object, ObjectDone done, sim::Time deadline = 0);
  void guaranteed_update(api::Kind kind, const std::string& namespace_, const std::string& name,
                         std::optional<api::Versioned> cached, UpdateFunction update,
                         ObjectDone done, sim::Time deadline = 0);
  void remove(api::Kind kind, const std::string& namespace_, const std::string& name,
              DeleteOptions options, ObjectDone done, sim::Time deadline = 0);

  const StoreConfig& config() const { return config_; }

 private:
  struct Target;
  struct UpdateState;
  struct ListState;
  struct DeleteState;
  using Current = std::function<void(api::Versioned current)>;

  // One etcd call of `operation`, retried as etcd3retry does, timed for the metric.
  void call(std::string_view operation, api::Kind kind, etcd::mvcc::Request request,
            sim::Time deadline, etcd::KvClient::Done done, int attempt = 1);
  std::shared_ptr<Target> target(api::Kind kind, const std::string& namespace_,
                                 const std::string& name, ObjectDone done,
                                 sim::Time deadline) const;
  // Reads the target's current version (at `revision` when > 0): `next` with it, or the
  // target's answer with 404 or the error.
  void read_current(const std::shared_ptr<Target>& target, Current next, std::int64_t revision = 0);
  // Txn(mod_revision == current_revision -> put `answer`, or delete the key), whose
  // failure branch re-reads the key: on success the target's answer is `answer` at the
  // txn's revision; when a concurrent writer won, `again` runs with the re-read version
  // (or the answer is 404, or 409 after max_update_attempts).
  void guarded_write(const std::shared_ptr<Target>& target, std::int64_t current_revision,
                     api::ObjectPtr answer, bool deleting, Current again);
  void update_apply(std::shared_ptr<UpdateState> state, api::Versioned current,
                    bool current_is_fresh);
  void list_page(std::shared_ptr<ListState> state, std::string start_key);
  void delete_apply(std::shared_ptr<DeleteState> state, api::Versioned current);
  sim::Time deadline_or_default(sim::Time deadline) const;
  std::string next_uid();

  sim::ProcessContext& owner_;
  etcd::KvClient& client_;
  StoreConfig config_;
  EtcdTimer timer_;
  ListRecorder on_list_;
  sim::Rng uid_rng_;
};

// A new version made from `base` (the request's object or the current version) with the
// store's changes: sealed, its size base's plus what the changes add (contract: Sizes).
api::ObjectPtr reseal(api::Object next, const api::Object& base);

// The object an etcd value holds (the typed payload this store writes; null for any
// other value). The watch cache's list and watch decode with it too.
api::ObjectPtr stored_object(const etcd::mvcc::KeyValue& kv);

// The etcd key of an object.
std::string key_of(api::Kind kind, std::string_view namespace_, std::string_view name);
// The prefix a list ranges over ("/registry/pods/" or "/registry/pods/ns/"); ends in '/'.
std::string prefix_of(api::Kind kind, std::string_view namespace_);

// The continue token of a page: the list's revision and the key to start from,
// relative to prefix_of(kind, "") ("default/web-1\0").
std::string encode_continue(std::int64_t revision, std::string_view next_key);
struct ContinueToken {
  std::int64_t revision = 0;
  std::string next_key;
};
std::optional<ContinueToken> decode_continue(std::string_view token);

}  // namespace kcsim::apiserver::storage
