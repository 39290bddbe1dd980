#include "model/apiserver/storage/store.h"

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
  api::ObjectPtr object = kv.value.payload_as<api::Object>();
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

bool should_delete_now(const api::Object& object) {
  return object.meta.deletion_timestamp.has_value() &&
         object.meta.deletion_grace_period_seconds.value_or(0) == 0 &&
         object.meta.finalizers.empty();
}

}  // namespace

struct Store::UpdateState {
  api::Kind kind;
  std::string namespace_;
  std::string name;
  std::string key;
  UpdateFunction update;
  ObjectDone done;
  int attempts = 0;
  bool reread_after_cache = false;
};

struct Store::ListState {
  ListRequest request;
  ListDone done;
  ListResult result;
  std::string range_end;
  std::string prefix;
  std::int64_t revision = 0;  // 0 until the first read fixes it (unless exact or continued)
  std::int64_t round_limit = 0;
  bool continued = false;
};

struct Store::DeleteState {
  api::Kind kind;
  std::string namespace_;
  std::string name;
  std::string key;
  DeleteOptions options;
  ObjectDone done;
  int attempts = 0;
};

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

Store::Store(sim::ProcessContext& owner, etcd::KvClient& client, StoreConfig config)
    : owner_(owner), client_(client), config_(config), uid_rng_(owner.rng("apiserver.uid")) {
  KCSIM_ASSERT(config_.max_update_attempts > 0);
  KCSIM_ASSERT(config_.max_range_limit > 0);
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

void Store::create(api::ObjectPtr object, ObjectDone done) {
  KCSIM_ASSERT(object != nullptr);
  KCSIM_ASSERT(!object->meta.name.empty());
  api::Object stored = *object;
  stored.meta.uid = next_uid();
  stored.meta.creation_timestamp = owner_.now();
  stored.meta.generation = 1;
  stored.meta.resource_version = 0;
  stored.meta.deletion_timestamp.reset();
  stored.meta.deletion_grace_period_seconds.reset();
  api::ObjectPtr sealed = api::seal(std::move(stored));
  std::string key = key_of(sealed->kind(), sealed->meta.namespace_, sealed->meta.name);

  mvcc::TxnRequest txn;
  txn.compare.push_back(mvcc::Compare::create_revision(key, mvcc::Compare::Result::kEqual, 0));
  txn.success.push_back(mvcc::PutRequest{key, value_of(sealed)});
  client_.call(
      std::move(txn), config_.request_timeout,
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

void Store::get(api::Kind kind, const std::string& namespace_, const std::string& name,
                ObjectDone done, std::int64_t revision) {
  std::string key = key_of(kind, namespace_, name);
  mvcc::RangeRequest read{mvcc::KeyRange::single(key), 0, revision};
  client_.call(std::move(read), config_.request_timeout,
               [kind, name, key, done = std::move(done)](etcd::ClientError error,
                                                         const mvcc::Response& response) {
                 ObjectResult result;
                 const mvcc::RangeResponse* range = range_of(response);
                 if (error != etcd::ClientError::kOk) {
                   result.status = from_etcd(error);
                 } else if (range == nullptr || range->kvs.empty()) {
                   result.status = not_found(kind, name);
                 } else if (auto found = decode(range->kvs.front())) {
                   result.object = std::move(*found);
                 } else {
                   result.status = corrupt(key);
                 }
                 done(std::move(result));
               });
}

void Store::list(ListRequest request, ListDone done) {
  auto state = std::make_shared<ListState>();
  state->prefix = prefix_of(request.kind, request.namespace_);
  state->range_end = mvcc::prefix_range_end(state->prefix);
  state->round_limit = request.limit > 0 ? std::min(request.limit, config_.max_range_limit) : 0;
  std::string start = state->prefix;
  if (!request.continue_token.empty()) {
    if (request.resource_version > 0) {
      done(ListResult{bad_request("specifying resource version is not allowed when using continue"),
                      {},
                      0,
                      {},
                      -1,
                      0,
                      0,
                      0});
      return;
    }
    std::optional<ContinueToken> token = decode_continue(request.continue_token);
    if (!token) {
      done(ListResult{bad_request("invalid continue token: continue key is not valid"),
                      {},
                      0,
                      {},
                      -1,
                      0,
                      0,
                      0});
      return;
    }
    state->revision = token->revision;
    start = state->prefix + token->next_key;
    state->continued = true;
  } else {
    state->revision = request.resource_version;
  }
  state->request = std::move(request);
  state->done = std::move(done);
  list_page(std::move(state), std::move(start));
}

void Store::list_page(std::shared_ptr<ListState> state, std::string start_key) {
  mvcc::RangeRequest read{mvcc::KeyRange{start_key, state->range_end}, state->round_limit,
                          state->revision};
  ++state->result.etcd_calls;
  client_.call(
      std::move(read), config_.request_timeout,
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
        if (has_more && paging) {
          result.continue_token =
              encode_continue(state->revision, last_key.substr(state->prefix.size()) + '\0');
          if (request.labels.empty() && !request.fields) {
            result.remaining_item_count = range->count - processed;
          }
        }
        state->done(std::move(result));
      });
}

void Store::update(api::ObjectPtr object, ObjectDone done) {
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
  guaranteed_update(kind, namespace_, name, std::nullopt, std::move(fn), std::move(done));
}

void Store::guaranteed_update(api::Kind kind, const std::string& namespace_,
                              const std::string& name, std::optional<api::Versioned> cached,
                              UpdateFunction update, ObjectDone done) {
  auto state = std::make_shared<UpdateState>(UpdateState{
      kind, namespace_, name, key_of(kind, namespace_, name), std::move(update), std::move(done)});
  if (cached && cached->object != nullptr) {
    update_apply(std::move(state), std::move(*cached), false);
    return;
  }
  update_read(std::move(state));
}

void Store::update_read(std::shared_ptr<UpdateState> state) {
  mvcc::RangeRequest read{mvcc::KeyRange::single(state->key), 0, 0};
  client_.call(std::move(read), config_.request_timeout,
               [this, state](etcd::ClientError error, const mvcc::Response& response) {
                 const mvcc::RangeResponse* range = range_of(response);
                 if (error != etcd::ClientError::kOk) {
                   state->done(ObjectResult{from_etcd(error), {}, false});
                 } else if (range == nullptr || range->kvs.empty()) {
                   state->done(ObjectResult{not_found(state->kind, state->name), {}, false});
                 } else if (auto current = decode(range->kvs.front())) {
                   update_apply(state, std::move(*current), true);
                 } else {
                   state->done(ObjectResult{corrupt(state->key), {}, false});
                 }
               });
}

void Store::update_apply(std::shared_ptr<UpdateState> state, api::Versioned current,
                         bool current_is_fresh) {
  KCSIM_ASSERT(current.object != nullptr);
  UpdateOutcome outcome = state->update(current);
  const bool no_op = outcome.status.ok() && outcome.object == current.object;
  if (!current_is_fresh && (!outcome.status.ok() || no_op) && !state->reread_after_cache) {
    // GuaranteedUpdate: a decision made on the cached state is checked against etcd.
    state->reread_after_cache = true;
    update_read(std::move(state));
    return;
  }
  if (!outcome.status.ok()) {
    state->done(ObjectResult{std::move(outcome.status), {}, false});
    return;
  }
  if (no_op) {
    state->done(ObjectResult{ok_status(), std::move(current), false});
    return;
  }
  KCSIM_ASSERT(outcome.object != nullptr);
  KCSIM_ASSERT(outcome.object->kind() == state->kind);
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
  if (api::tracks_generation(state->kind) && !api::spec_equal(before, next)) {
    ++next.meta.generation;
  }
  api::ObjectPtr sealed = api::seal(std::move(next));
  const bool delete_now = should_delete_now(*sealed);

  mvcc::TxnRequest write;
  write.compare.push_back(mvcc::Compare::mod_revision(state->key, mvcc::Compare::Result::kEqual,
                                                      current.resource_version));
  if (delete_now) {
    write.success.push_back(mvcc::DeleteRangeRequest{mvcc::KeyRange::single(state->key), false});
  } else {
    write.success.push_back(mvcc::PutRequest{state->key, value_of(sealed)});
  }
  write.failure.push_back(mvcc::RangeRequest{mvcc::KeyRange::single(state->key), 0, 0});
  client_.call(
      std::move(write), config_.request_timeout,
      [this, state, sealed, delete_now](etcd::ClientError error, const mvcc::Response& response) {
        if (error != etcd::ClientError::kOk) {
          state->done(ObjectResult{from_etcd(error), {}, false});
          return;
        }
        const mvcc::TxnResponse& answered = txn_of(response);
        if (answered.succeeded) {
          state->done(ObjectResult{ok_status(), {sealed, answered.header.revision}, delete_now});
          return;
        }
        if (++state->attempts >= config_.max_update_attempts) {
          state->done(ObjectResult{conflict(state->kind, state->name), {}, false});
          return;
        }
        const mvcc::RangeResponse* latest = txn_range(answered);
        if (latest == nullptr || latest->kvs.empty()) {
          state->done(ObjectResult{not_found(state->kind, state->name), {}, false});
          return;
        }
        std::optional<api::Versioned> reread = decode(latest->kvs.front());
        if (!reread) {
          state->done(ObjectResult{corrupt(state->key), {}, false});
          return;
        }
        update_apply(state, std::move(*reread), true);
      });
}

void Store::remove(api::Kind kind, const std::string& namespace_, const std::string& name,
                   DeleteOptions options, ObjectDone done) {
  auto state = std::make_shared<DeleteState>(DeleteState{
      kind, namespace_, name, key_of(kind, namespace_, name), options, std::move(done)});
  delete_read(std::move(state));
}

void Store::delete_read(std::shared_ptr<DeleteState> state) {
  mvcc::RangeRequest read{mvcc::KeyRange::single(state->key), 0, 0};
  client_.call(std::move(read), config_.request_timeout,
               [this, state](etcd::ClientError error, const mvcc::Response& response) {
                 const mvcc::RangeResponse* range = range_of(response);
                 if (error != etcd::ClientError::kOk) {
                   state->done(ObjectResult{from_etcd(error), {}, false});
                 } else if (range == nullptr || range->kvs.empty()) {
                   state->done(ObjectResult{not_found(state->kind, state->name), {}, false});
                 } else if (auto current = decode(range->kvs.front())) {
                   delete_apply(state, std::move(*current));
                 } else {
                   state->done(ObjectResult{corrupt(state->key), {}, false});
                 }
               });
}

void Store::delete_apply(std::shared_ptr<DeleteState> state, api::Versioned current) {
  const api::Object& object = *current.object;
  const std::int64_t precondition = state->options.precondition_resource_version;
  if (precondition != 0 && precondition != current.resource_version) {
    state->done(
        ObjectResult{precondition_failed(state->kind, state->name,
                                         "the ResourceVersion in the precondition (" +
                                             std::to_string(precondition) +
                                             ") does not match the ResourceVersion in record (" +
                                             std::to_string(current.resource_version) +
                                             "). The object might have been modified"),
                     {},
                     false});
    return;
  }
  // rest.BeforeDelete: graceful deletion, then finalizers; else delete now.
  const std::int64_t grace =
      state->kind == api::Kind::kPod ? pod_grace_seconds(object, state->options) : 0;
  std::optional<api::ObjectPtr> kept;
  const sim::Time now = owner_.now();
  if (grace > 0) {
    const sim::Time deadline = now + grace * sim::kSecond;
    const bool shortens =
        !object.meta.deletion_timestamp || deadline < *object.meta.deletion_timestamp;
    if (!shortens) {
      state->done(ObjectResult{ok_status(), std::move(current), false});  // already pending
      return;
    }
    kept = api::with(object, [&](api::Object& o) {
      o.meta.deletion_timestamp = deadline;
      o.meta.deletion_grace_period_seconds = grace;
      if (o.meta.generation > 0 && !object.meta.deletion_timestamp) ++o.meta.generation;
    });
  } else if (!object.meta.finalizers.empty()) {
    if (object.meta.deletion_timestamp && object.meta.deletion_grace_period_seconds == 0) {
      state->done(ObjectResult{ok_status(), std::move(current), false});  // awaits finalizers
      return;
    }
    kept = api::with(object, [&](api::Object& o) {
      if (!o.meta.deletion_timestamp) {
        o.meta.deletion_timestamp = now;
        if (o.meta.generation > 0) ++o.meta.generation;
      }
      o.meta.deletion_grace_period_seconds = 0;
    });
  }

  mvcc::TxnRequest write;
  write.compare.push_back(mvcc::Compare::mod_revision(state->key, mvcc::Compare::Result::kEqual,
                                                      current.resource_version));
  if (kept) {
    write.success.push_back(mvcc::PutRequest{state->key, value_of(*kept)});
  } else {
    write.success.push_back(mvcc::DeleteRangeRequest{mvcc::KeyRange::single(state->key), false});
  }
  write.failure.push_back(mvcc::RangeRequest{mvcc::KeyRange::single(state->key), 0, 0});
  api::ObjectPtr answer = kept ? *kept : current.object;
  const bool deleting = !kept;
  client_.call(
      std::move(write), config_.request_timeout,
      [this, state, answer, deleting](etcd::ClientError error, const mvcc::Response& response) {
        if (error != etcd::ClientError::kOk) {
          state->done(ObjectResult{from_etcd(error), {}, false});
          return;
        }
        const mvcc::TxnResponse& answered = txn_of(response);
        if (answered.succeeded) {
          state->done(ObjectResult{ok_status(), {answer, answered.header.revision}, deleting});
          return;
        }
        if (++state->attempts >= config_.max_update_attempts) {
          state->done(ObjectResult{conflict(state->kind, state->name), {}, false});
          return;
        }
        const mvcc::RangeResponse* latest = txn_range(answered);
        if (latest == nullptr || latest->kvs.empty()) {
          state->done(ObjectResult{not_found(state->kind, state->name), {}, false});
          return;
        }
        std::optional<api::Versioned> reread = decode(latest->kvs.front());
        if (!reread) {
          state->done(ObjectResult{corrupt(state->key), {}, false});
          return;
        }
        delete_apply(state, std::move(*reread));
      });
}

}  // namespace kcsim::apiserver::storage
