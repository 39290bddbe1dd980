#include "model/apiserver/storage/store.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "model/apiserver/objects/build.h"
#include "model/apiserver/objects/resource.h"
#include "sim/invariant.h"

namespace kcsim::apiserver::storage {
namespace {

namespace mvcc = etcd::mvcc;

mvcc::Value value_of(const api::ObjectPtr& object) {
  return mvcc::Value::payload<api::Object>(object, object->encoded_bytes);
}

// The stored version of a key-value; nullopt when the value is not an object (a text
// value under /registry/ is not something this store wrote).
std::optional<api::Versioned> decode(const mvcc::KeyValue& kv) {
  api::ObjectPtr object = stored_object(kv);
  if (object == nullptr) return std::nullopt;
  return api::Versioned{std::move(object), kv.mod_revision};
}

const mvcc::RangeResponse* range_of(const mvcc::Response& response) {
  return std::get_if<mvcc::RangeResponse>(&response);
}

const mvcc::TxnResponse& txn_of(const mvcc::Response& response) {
  const auto* txn = std::get_if<mvcc::TxnResponse>(&response);
  KCSIM_ASSERT_MSG(txn != nullptr, "a txn is answered by a txn response");
  return *txn;
}

// The range response inside a txn's branch (the failure branch's re-read).
const mvcc::RangeResponse* txn_range(const mvcc::TxnResponse& txn) {
  if (txn.responses.empty()) return nullptr;
  return std::get_if<mvcc::RangeResponse>(&txn.responses.front());
}

Status corrupt(const std::string& key) {
  return internal_error("unable to decode the stored object at " + key);
}

// The pod's grace period on delete (pkg/registry/core/pod/strategy.go
// CheckGracefulDelete): the request's, else the spec's; 0 for a pod not yet scheduled
// or already terminated.
std::int64_t pod_grace_seconds(const api::Object& pod, const DeleteOptions& options) {
  const auto& body = pod.as<api::PodBody>();
  std::int64_t grace = options.grace_period_seconds.value_or(body.termination_grace_period_seconds);
  if (body.node_name.empty()) grace = 0;
  if (body.phase == "Succeeded" || body.phase == "Failed") grace = 0;
  return grace < 0 ? 0 : grace;
}

ListResult failed_list(Status status) {
  ListResult result;
  result.status = std::move(status);
  return result;
}

// etcd3retry's retriable errors: gRPC code Unavailable.
bool unavailable(etcd::ClientError error) {
  return error == etcd::ClientError::kNoLeader || error == etcd::ClientError::kLeaderChanged ||
         error == etcd::ClientError::kTimeout || error == etcd::ClientError::kUnavailable;
}

constexpr sim::Label kEtcdRetry{"apiserver.etcd_retry"};

bool should_delete_now(const api::Object& object) {
  return object.meta.deletion_timestamp.has_value() &&
         object.meta.deletion_grace_period_seconds.value_or(0) == 0 &&
         object.meta.finalizers.empty();
}

}  // namespace

// What one object operation works on, and whom it answers.
struct Store::Target {
  api::Kind kind;
  std::string namespace_;
  std::string name;
  std::string key;
  sim::Time deadline = 0;
  ObjectDone done;
  int attempts = 0;  // guarded writes that lost to a concurrent writer

  void fail(Status status) const { done(ObjectResult{std::move(status), {}, false}); }
};

struct Store::UpdateState {
  std::shared_ptr<Target> target;
  UpdateFunction update;
  bool reread_after_cache = false;
};

struct Store::ListState {
  ListRequest request;
  ListDone done;
  ListResult result;
  std::string range_end;
  std::string prefix;
  std::size_t resource_prefix_size = 0;  // continue tokens are relative to it
  sim::Time deadline = 0;
  std::int64_t revision = 0;  // 0 until the first read fixes it (unless exact or continued)
  std::int64_t round_limit = 0;
  bool continued = false;
};

struct Store::DeleteState {
  std::shared_ptr<Target> target;
  DeleteOptions options;
};

api::ObjectPtr stored_object(const mvcc::KeyValue& kv) {
  return kv.value.payload_as<api::Object>();
}

api::ObjectPtr reseal(api::Object next, const api::Object& base) {
  if (base.encoded_bytes == 0) return api::seal(std::move(next));  // never sealed: compute
  const std::int64_t added = static_cast<std::int64_t>(api::encoded_bytes(next)) -
                             static_cast<std::int64_t>(api::encoded_bytes(base));
  const std::int64_t size = static_cast<std::int64_t>(base.encoded_bytes) + added;
  next.encoded_bytes = static_cast<std::uint32_t>(std::max<std::int64_t>(size, 1));
  return std::make_shared<const api::Object>(std::move(next));
}

std::string key_of(api::Kind kind, std::string_view namespace_, std::string_view name) {
  std::string key = "/registry/";
  key.append(api::resource_of(kind).etcd_prefix).append("/");
  if (api::is_namespaced(kind)) key.append(namespace_).append("/");
  key.append(name);
  return key;
}

std::string prefix_of(api::Kind kind, std::string_view namespace_) {
  std::string prefix = "/registry/";
  prefix.append(api::resource_of(kind).etcd_prefix).append("/");
  if (api::is_namespaced(kind) && !namespace_.empty()) prefix.append(namespace_).append("/");
  return prefix;
}

std::string encode_continue(std::int64_t revision, std::string_view next_key) {
  return std::to_string(revision) + ":" + std::string(next_key);
}

std::optional<ContinueToken> decode_continue(std::string_view token) {
  const std::size_t colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  ContinueToken out;
  const auto [end, error] = std::from_chars(token.data(), token.data() + colon, out.revision);
  if (error != std::errc() || end != token.data() + colon || out.revision <= 0) return std::nullopt;
  out.next_key = std::string(token.substr(colon + 1));
  if (out.next_key.empty() || out.next_key.find("..") != std::string::npos) return std::nullopt;
  return out;
}

Store::Store(sim::ProcessContext& owner, etcd::KvClient& client, StoreConfig config,
             EtcdTimer timer, ListRecorder on_list)
    : owner_(owner),
      client_(client),
      config_(config),
      timer_(std::move(timer)),
      on_list_(std::move(on_list)),
      uid_rng_(owner.rng("apiserver.uid")) {
  KCSIM_ASSERT(config_.max_update_attempts > 0);
  KCSIM_ASSERT(config_.max_range_limit > 0);
  KCSIM_ASSERT(config_.retry_steps > 0);
}

std::string Store::next_uid() {
  const std::uint64_t high = uid_rng_.next_u64();
  const std::uint64_t low = uid_rng_.next_u64();
  char text[40];
  std::snprintf(text, sizeof(text), "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0xfff),
                static_cast<unsigned>(((low >> 48) & 0x3fff) | 0x8000),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

sim::Time Store::deadline_or_default(sim::Time deadline) const {
  return deadline > 0 ? deadline : owner_.now() + config_.request_timeout;
}

void Store::call(std::string_view operation, api::Kind kind, mvcc::Request request,
                 sim::Time deadline, etcd::KvClient::Done done, int attempt) {
  const sim::Time started = owner_.now();
  const sim::Time timeout = deadline > started ? deadline - started : 0;
  mvcc::Request again = request;
  client_.call(
      std::move(request), timeout,
      [this, operation, kind, started, deadline, attempt, again = std::move(again),
       done = std::move(done)](etcd::ClientError error, const mvcc::Response& response) mutable {
        if (timer_) timer_(operation, kind, sim::to_seconds(owner_.now() - started));
        const sim::Time wait = config_.retry_initial << (attempt - 1);
        if (unavailable(error) && attempt < config_.retry_steps && owner_.now() + wait < deadline) {
          owner_.after(wait, kEtcdRetry,
                       [this, operation, kind, deadline, attempt, again = std::move(again),
                        done = std::move(done)]() mutable {
                         call(operation, kind, std::move(again), deadline, std::move(done),
                              attempt + 1);
                       });
          return;
        }
        done(error, response);
      });
}

void Store::create(api::ObjectPtr object, ObjectDone done, sim::Time deadline) {
  KCSIM_ASSERT(object != nullptr);
  KCSIM_ASSERT(!object->meta.name.empty());
  api::Object stored = *object;
  stored.meta.uid = next_uid();
  stored.meta.creation_timestamp = owner_.now();
  stored.meta.generation = 1;
  stored.meta.resource_version = 0;
  stored.meta.deletion_timestamp.reset();
  stored.meta.deletion_grace_period_seconds.reset();
  api::ObjectPtr sealed = reseal(std::move(stored), *object);
  std::string key = key_of(sealed->kind(), sealed->meta.namespace_, sealed->meta.name);

  mvcc::TxnRequest txn;
  txn.compare.push_back(mvcc::Compare::create_revision(key, mvcc::Compare::Result::kEqual, 0));
  txn.success.push_back(mvcc::PutRequest{key, value_of(sealed)});
  call("create", sealed->kind(), std::move(txn), deadline_or_default(deadline),
       [sealed, done = std::move(done)](etcd::ClientError error, const mvcc::Response& response) {
         ObjectResult result;
         if (error != etcd::ClientError::kOk) {
           result.status = from_etcd(error);
         } else if (!txn_of(response).succeeded) {
           result.status = already_exists(sealed->kind(), sealed->meta.name);
         } else {
           result.status = created_status();
           result.object = {sealed, txn_of(response).header.revision};
         }
         done(std::move(result));
       });
}

void Store::read_current(const std::shared_ptr<Target>& target, Current next,
                         std::int64_t revision) {
  mvcc::RangeRequest read{mvcc::KeyRange::single(target->key), 0, revision};
  call("get", target->kind, std::move(read), target->deadline,
       [target, next = std::move(next)](etcd::ClientError error, const mvcc::Response& response) {
         const mvcc::RangeResponse* range = range_of(response);
         if (error != etcd::ClientError::kOk) {
           target->fail(from_etcd(error));
         } else if (range == nullptr || range->kvs.empty()) {
           target->fail(not_found(target->kind, target->name));
         } else if (auto current = decode(range->kvs.front())) {
           next(std::move(*current));
         } else {
           target->fail(corrupt(target->key));
         }
       });
}

std::shared_ptr<Store::Target> Store::target(api::Kind kind, const std::string& namespace_,
                                             const std::string& name, ObjectDone done,
                                             sim::Time deadline) const {
  return std::make_shared<Target>(Target{kind, namespace_, name, key_of(kind, namespace_, name),
                                         deadline_or_default(deadline), std::move(done)});
}

void Store::get(api::Kind kind, const std::string& namespace_, const std::string& name,
                ObjectDone done, std::int64_t revision, sim::Time deadline) {
  std::shared_ptr<Target> t = target(kind, namespace_, name, std::move(done), deadline);
  read_current(
      t,
      [t](api::Versioned current) {
        t->done(ObjectResult{ok_status(), std::move(current), false});
      },
      revision);
}

void Store::list(ListRequest request, ListDone done, sim::Time deadline) {
  auto state = std::make_shared<ListState>();
  state->prefix = prefix_of(request.kind, request.namespace_);
  state->resource_prefix_size = prefix_of(request.kind, "").size();
  state->range_end = mvcc::prefix_range_end(state->prefix);
  state->round_limit = request.limit > 0 ? std::min(request.limit, config_.max_range_limit) : 0;
  state->deadline = deadline_or_default(deadline);
  std::string start = state->prefix;
  if (!request.continue_token.empty()) {
    if (request.resource_version > 0) {
      done(failed_list(
          bad_request("specifying resource version is not allowed when using continue")));
      return;
    }
    std::optional<ContinueToken> token = decode_continue(request.continue_token);
    if (token) start = prefix_of(request.kind, "") + token->next_key;
    if (!token || start < state->prefix || start >= state->range_end) {
      done(failed_list(bad_request("invalid continue token: continue key is not valid")));
      return;
    }
    state->revision = token->revision;
    state->continued = true;
  } else {
    state->revision = request.resource_version;
  }
  state->request = std::move(request);
  state->done = std::move(done);
  list_page(std::move(state), std::move(start));
}

void Store::current_resource_version(api::Kind kind, RevisionDone done, sim::Time deadline) {
  ListRequest request;
  request.kind = kind;
  request.limit = 1;  // "just in case we actually hit something"
  list(
      std::move(request),
      [done = std::move(done)](ListResult result) {
        if (!result.status.ok()) {
          done(std::move(result.status), 0);
          return;
        }
        if (result.resource_version <= 0) {
          done(internal_error("the current resource version must be greater than 0"), 0);
          return;
        }
        done(ok_status(), result.resource_version);
      },
      deadline);
}

void Store::list_page(std::shared_ptr<ListState> state, std::string start_key) {
  mvcc::RangeRequest read{mvcc::KeyRange{start_key, state->range_end}, state->round_limit,
                          state->revision};
  ++state->result.etcd_calls;
  call("list", state->request.kind, std::move(read), state->deadline,
       [this, state](etcd::ClientError error, const mvcc::Response& response) {
         ListResult& result = state->result;
         const ListRequest& request = state->request;
         if (error == etcd::ClientError::kCompacted) {
           result.status = expired(std::string(state->continued ? kContinueExpired : kListExpired));
           state->done(std::move(result));
           return;
         }
         if (error != etcd::ClientError::kOk) {
           result.status = from_etcd(error);
           state->done(std::move(result));
           return;
         }
         const mvcc::RangeResponse* range = range_of(response);
         KCSIM_ASSERT(range != nullptr);
         if (state->revision == 0) state->revision = range->header.revision;
         const bool paging = request.limit > 0;
         bool has_more = range->more;
         std::string last_key;
         std::int64_t processed = 0;
         for (const mvcc::KeyValue& kv : range->kvs) {
           if (paging && static_cast<std::int64_t>(result.items.size()) >= request.limit) {
             has_more = true;
             break;
           }
           last_key = kv.key;
           ++processed;
           std::optional<api::Versioned> item = decode(kv);
           if (!item) {
             result.status = corrupt(kv.key);
             state->done(std::move(result));
             return;
           }
           ++result.objects_read;
           result.bytes_read += item->object->encoded_bytes;
           if (!request.labels.matches(item->object->meta.labels)) continue;
           if (request.fields && !request.fields->matches(*item->object)) continue;
           result.items.push_back(std::move(*item));
         }
         const bool filled = static_cast<std::int64_t>(result.items.size()) >= request.limit;
         if (has_more && paging && !filled && !last_key.empty()) {
           // etcd3 GetList: a filtered page reads on, doubling the round's limit.
           state->round_limit = std::min(state->round_limit * 2, config_.max_range_limit);
           list_page(state, last_key + std::string(1, '\0'));
           return;
         }
         result.resource_version = state->revision;
         if (on_list_) on_list_(request.kind, result.objects_read);
         if (has_more && paging) {
           result.continue_token = encode_continue(
               state->revision, last_key.substr(state->resource_prefix_size) + '\0');
           if (request.labels.empty() && !request.fields) {
             result.remaining_item_count = range->count - processed;
           }
         }
         state->done(std::move(result));
       });
}

void Store::update(api::ObjectPtr object, ObjectDone done, sim::Time deadline) {
  KCSIM_ASSERT(object != nullptr);
  const api::Kind kind = object->kind();
  std::string namespace_ = object->meta.namespace_;
  std::string name = object->meta.name;
  UpdateFunction fn = [object, kind, name](const api::Versioned& current) -> UpdateOutcome {
    const std::int64_t precondition = object->meta.resource_version;
    if (precondition != 0 && precondition != current.resource_version) {
      return {conflict(kind, name), nullptr};
    }
    return {ok_status(), object};
  };
  guaranteed_update(kind, namespace_, name, std::nullopt, std::move(fn), std::move(done), deadline);
}

void Store::guaranteed_update(api::Kind kind, const std::string& namespace_,
                              const std::string& name, std::optional<api::Versioned> cached,
                              UpdateFunction update, ObjectDone done, sim::Time deadline) {
  auto state = std::make_shared<UpdateState>(
      UpdateState{target(kind, namespace_, name, std::move(done), deadline), std::move(update)});
  if (cached && cached->object != nullptr) {
    update_apply(std::move(state), std::move(*cached), false);
    return;
  }
  read_current(state->target,
               [this, state](api::Versioned current) { update_apply(state, current, true); });
}

void Store::update_apply(std::shared_ptr<UpdateState> state, api::Versioned current,
                         bool current_is_fresh) {
  KCSIM_ASSERT(current.object != nullptr);
  const Target& target = *state->target;
  UpdateOutcome outcome = state->update(current);
  const bool no_op = outcome.status.ok() && outcome.object == current.object;
  if (!current_is_fresh && (!outcome.status.ok() || no_op) && !state->reread_after_cache) {
    // GuaranteedUpdate: a decision made on the cached state is checked against etcd.
    state->reread_after_cache = true;
    read_current(state->target,
                 [this, state](api::Versioned fresh) { update_apply(state, fresh, true); });
    return;
  }
  if (!outcome.status.ok()) {
    target.fail(std::move(outcome.status));
    return;
  }
  if (no_op) {
    target.done(ObjectResult{ok_status(), std::move(current), false});
    return;
  }
  KCSIM_ASSERT(outcome.object != nullptr);
  KCSIM_ASSERT(outcome.object->kind() == target.kind);
  const api::Object& before = *current.object;
  api::Object next = *outcome.object;
  next.meta.name = before.meta.name;
  next.meta.namespace_ = before.meta.namespace_;
  next.meta.uid = before.meta.uid;
  next.meta.creation_timestamp = before.meta.creation_timestamp;
  next.meta.resource_version = 0;
  // deletionTimestamp and its grace are set only by delete (ValidateObjectMetaUpdate).
  next.meta.deletion_timestamp = before.meta.deletion_timestamp;
  next.meta.deletion_grace_period_seconds = before.meta.deletion_grace_period_seconds;
  next.meta.generation = before.meta.generation;
  if (api::tracks_generation(target.kind) && !api::spec_equal(before, next)) {
    ++next.meta.generation;
  }
  api::ObjectPtr sealed = reseal(std::move(next), *outcome.object);
  const bool delete_now = should_delete_now(*sealed);
  guarded_write(state->target, current.resource_version, sealed, delete_now,
                [this, state](api::Versioned latest) { update_apply(state, latest, true); });
}

void Store::guarded_write(const std::shared_ptr<Target>& target, std::int64_t current_revision,
                          api::ObjectPtr answer, bool deleting, Current again) {
  mvcc::TxnRequest write;
  write.compare.push_back(
      mvcc::Compare::mod_revision(target->key, mvcc::Compare::Result::kEqual, current_revision));
  if (deleting) {
    write.success.push_back(mvcc::DeleteRangeRequest{mvcc::KeyRange::single(target->key), false});
  } else {
    write.success.push_back(mvcc::PutRequest{target->key, value_of(answer)});
  }
  write.failure.push_back(mvcc::RangeRequest{mvcc::KeyRange::single(target->key), 0, 0});
  call(deleting ? "delete" : "update", target->kind, std::move(write), target->deadline,
       [this, target, answer, deleting, again = std::move(again)](etcd::ClientError error,
                                                                  const mvcc::Response& response) {
         if (error != etcd::ClientError::kOk) {
           target->fail(from_etcd(error));
           return;
         }
         const mvcc::TxnResponse& answered = txn_of(response);
         if (answered.succeeded) {
           target->done(ObjectResult{ok_status(), {answer, answered.header.revision}, deleting});
           return;
         }
         if (++target->attempts >= config_.max_update_attempts) {
           target->fail(conflict(target->kind, target->name));
           return;
         }
         const mvcc::RangeResponse* latest = txn_range(answered);
         if (latest == nullptr || latest->kvs.empty()) {
           target->fail(not_found(target->kind, target->name));
           return;
         }
         std::optional<api::Versioned> reread = decode(latest->kvs.front());
         if (!reread) {
           target->fail(corrupt(target->key));
           return;
         }
         again(std::move(*reread));
       });
}

void Store::remove(api::Kind kind, const std::string& namespace_, const std::string& name,
                   DeleteOptions options, ObjectDone done, sim::Time deadline) {
  auto state = std::make_shared<DeleteState>(
      DeleteState{target(kind, namespace_, name, std::move(done), deadline), options});
  read_current(state->target,
               [this, state](api::Versioned current) { delete_apply(state, current); });
}

void Store::delete_apply(std::shared_ptr<DeleteState> state, api::Versioned current) {
  const Target& target = *state->target;
  const api::Object& object = *current.object;
  const std::int64_t precondition = state->options.precondition_resource_version;
  if (precondition != 0 && precondition != current.resource_version) {
    target.fail(precondition_failed(
        target.kind, target.name,
        "the ResourceVersion in the precondition (" + std::to_string(precondition) +
            ") does not match the ResourceVersion in record (" +
            std::to_string(current.resource_version) + "). The object might have been modified"));
    return;
  }
  // rest.BeforeDelete: graceful deletion, then finalizers; else delete now.
  const std::int64_t grace =
      target.kind == api::Kind::kPod ? pod_grace_seconds(object, state->options) : 0;
  std::optional<api::Object> kept;
  const sim::Time now = owner_.now();
  if (grace > 0) {
    const sim::Time deadline = now + grace * sim::kSecond;
    const bool shortens =
        !object.meta.deletion_timestamp || deadline < *object.meta.deletion_timestamp;
    if (!shortens) {
      target.done(ObjectResult{ok_status(), std::move(current), false});  // already pending
      return;
    }
    kept = object;
    kept->meta.deletion_timestamp = deadline;
    kept->meta.deletion_grace_period_seconds = grace;
    if (object.meta.generation > 0 && !object.meta.deletion_timestamp) ++kept->meta.generation;
  } else if (!object.meta.finalizers.empty()) {
    if (object.meta.deletion_timestamp && object.meta.deletion_grace_period_seconds == 0) {
      target.done(ObjectResult{ok_status(), std::move(current), false});  // awaits finalizers
      return;
    }
    kept = object;
    if (!object.meta.deletion_timestamp) {
      kept->meta.deletion_timestamp = now;
      if (object.meta.generation > 0) ++kept->meta.generation;
    }
    kept->meta.deletion_grace_period_seconds = 0;
  }
  const bool deleting = !kept;
  api::ObjectPtr answer = deleting ? current.object : reseal(std::move(*kept), object);
  guarded_write(state->target, current.resource_version, std::move(answer), deleting,
                [this, state](api::Versioned latest) { delete_apply(state, latest); });
}

}  // namespace kcsim::apiserver::storage
