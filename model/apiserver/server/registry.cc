#include "model/apiserver/server/registry.h"

#include <optional>
#include <utility>

#include "model/apiserver/server/etcd_codec.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {
namespace {

namespace mvcc = etcd::mvcc;
using etcd::ClientError;

// GuaranteedUpdate retries a write whose precondition lost a race (no resourceVersion
// given): read again, write again. The real loop is unbounded; a conflict on every
// one of these many tries is a bug.
constexpr int kGuaranteedUpdateTriesMax = 64;
constexpr sim::Time kRetryInitial = 300 * sim::kMillisecond;  // etcd3retry defaultRetry
constexpr int kRetrySteps = 5;
constexpr sim::Label kEtcdRetry{"apiserver.etcd_retry"};

api::ApiResponse status(api::Code code, api::Reason reason, std::string message) {
  api::ApiResponse response;
  response.code = code;
  response.reason = reason;
  response.message = std::move(message);
  return response;
}

// An etcd error as the API reports it (storage/etcd3 interpretation + apierrors).
api::ApiResponse from_etcd_error(ClientError error) {
  switch (error) {
    case ClientError::kCompacted:
      return status(api::Code::kGone, api::Reason::kExpired,
                    "The resourceVersion for the provided list is too old.");
    case ClientError::kClientTimeout:
      return status(api::Code::kGatewayTimeout, api::Reason::kTimeout, "etcd request timed out");
    default:
      return status(api::Code::kInternalError, api::Reason::kInternalError,
                    std::string(etcd::to_string(error)));
  }
}

// A continue token, "<revision>/<last key served>" (the key as the watch cache keys it,
// "namespace/name"): the watch cache's first page and etcd's pages write the same form.
struct Continue {
  std::int64_t revision = 0;
  std::string last_key;
};

std::optional<Continue> parse_continue(const std::string& token) {
  const std::size_t slash = token.find('/');
  if (token.empty() || slash == std::string::npos || slash == 0) return std::nullopt;
  std::int64_t revision = 0;
  for (std::size_t i = 0; i < slash; ++i) {
    if (token[i] < '0' || token[i] > '9') return std::nullopt;
    revision = revision * 10 + (token[i] - '0');
  }
  return Continue{revision, token.substr(slash + 1)};
}

api::Versioned versioned(const mvcc::KeyValue& kv) {
  return api::Versioned{decode_object(kv), kv.mod_revision};
}

class EtcdRegistry final : public Registry {
 public:
  EtcdRegistry(sim::ProcessContext& owner, etcd::KvClient& etcd, EtcdTimer timer)
      : owner_(owner), etcd_(etcd), timer_(std::move(timer)) {}

  void get(const api::ApiRequest& request, sim::Time deadline, Done done) override {
    mvcc::RangeRequest range;
    range.range =
        mvcc::KeyRange::single(object_key(request.kind, request.namespace_, request.name));
    if (request.options.rv_match == api::RvMatch::kExact) {
      range.revision = request.options.resource_version;
    }
    call("get", request.kind, std::move(range), deadline,
         [done = std::move(done)](ClientError error, const mvcc::Response& response) {
           if (error != ClientError::kOk) return done(from_etcd_error(error));
           const auto& r = std::get<mvcc::RangeResponse>(response);
           if (r.kvs.empty())
             return done(status(api::Code::kNotFound, api::Reason::kNotFound, "not found"));
           api::ApiResponse ok;
           ok.object = versioned(r.kvs.front());
           done(std::move(ok));
         });
  }

  void list(const api::ApiRequest& request, const watchcache::Selection& selection,
            sim::Time deadline, Done done) override {
    mvcc::RangeRequest range;
    std::string prefix = registry_prefix(request.kind);
    if (!selection.scope.namespace_.empty()) prefix += selection.scope.namespace_ + "/";
    range.range = mvcc::KeyRange::prefix(prefix);
    const std::string& token = request.options.continue_token;
    std::int64_t revision = 0;
    if (const std::optional<Continue> next = parse_continue(token)) {
      // The continuation reads the same revision on, after the last key served.
      revision = next->revision;
      range.range.key = registry_prefix(request.kind) + next->last_key + std::string(1, '\0');
    } else if (request.options.rv_match == api::RvMatch::kExact ||
               (request.options.rv_match == api::RvMatch::kNotOlderThan &&
                request.options.limit > 0)) {
      revision = request.options.resource_version;
    }
    range.revision = revision;
    range.limit = request.options.limit;
    call("list", request.kind, std::move(range), deadline,
         [done = std::move(done), selection, kind = request.kind](ClientError error,
                                                                  const mvcc::Response& response) {
           if (error != ClientError::kOk) return done(from_etcd_error(error));
           const auto& r = std::get<mvcc::RangeResponse>(response);
           api::ApiResponse ok;
           ok.list_resource_version = r.header.revision;
           for (const mvcc::KeyValue& kv : r.kvs) {
             api::Versioned item = versioned(kv);
             if (item.object != nullptr && selection.matches(*item.object)) {
               ok.items.push_back(std::move(item));
             }
           }
           if (r.more && !r.kvs.empty()) {
             const std::size_t prefix_size = registry_prefix(kind).size();
             ok.continue_token =
                 std::to_string(r.header.revision) + "/" + r.kvs.back().key.substr(prefix_size);
             ok.remaining_item_count = r.count - static_cast<std::int64_t>(r.kvs.size());
           }
           done(std::move(ok));
         });
  }

  void write(const api::ApiRequest& request, sim::Time deadline, Done done) override {
    const std::string key = object_key(
        request.kind, request.namespace_,
        request.name.empty() && request.object ? request.object->meta.name : request.name);
    if (request.verb == api::Verb::kCreate) {
      create(request, key, deadline, std::move(done));
    } else {
      read_modify_write(request, key, deadline, std::move(done), 0);
    }
  }

 private:
  // One storage call, retried as etcd3retry does (storage/etcd3/etcd3retry/
  // retry_etcdclient.go): an error with gRPC code Unavailable ("no leader", "leader
  // changed", "request timed out", a refused connection) is tried again after 300ms,
  // doubling, 5 tries in all (about 4.5s), never past the request's deadline. The real
  // backoff has 10% jitter; here it is exact (no draw).
  void call(std::string_view operation, api::Kind kind, mvcc::Request request, sim::Time deadline,
            etcd::KvClient::Done done, int attempt = 1) {
    const sim::Time started = owner_.now();
    const sim::Time timeout = deadline > started ? deadline - started : 0;
    mvcc::Request again = request;
    etcd_.call(
        std::move(request), timeout,
        [this, operation, kind, started, deadline, attempt, again = std::move(again),
         done = std::move(done)](ClientError error, const mvcc::Response& response) mutable {
          timer_(operation, kind, sim::to_seconds(owner_.now() - started));
          const sim::Time wait = kRetryInitial << (attempt - 1);
          if (unavailable(error) && attempt < kRetrySteps && owner_.now() + wait < deadline) {
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

  static bool unavailable(ClientError error) {
    return error == ClientError::kNoLeader || error == ClientError::kLeaderChanged ||
           error == ClientError::kTimeout || error == ClientError::kUnavailable;
  }

  void create(const api::ApiRequest& request, const std::string& key, sim::Time deadline,
              Done done) {
    if (request.object == nullptr) {
      return done(status(api::Code::kBadRequest, api::Reason::kBadRequest, "no body"));
    }
    auto made = std::make_shared<api::Object>(*request.object);
    made->meta.resource_version = 0;
    made->meta.uid =
        owner_.name() + "-" + std::to_string(owner_.now()) + "-" + std::to_string(++uids_);
    made->meta.creation_timestamp = owner_.now();
    made->meta.generation = 1;
    if (made->meta.name.empty()) made->meta.name = request.name;
    api::ObjectPtr object = std::move(made);
    mvcc::TxnRequest txn;
    txn.compare.push_back(mvcc::Compare::create_revision(key, mvcc::Compare::Result::kEqual, 0));
    txn.success.emplace_back(mvcc::PutRequest{key, encode_object(object)});
    call("create", request.kind, std::move(txn), deadline,
         [object, done = std::move(done)](ClientError error, const mvcc::Response& response) {
           if (error != ClientError::kOk) return done(from_etcd_error(error));
           const auto& txn_response = std::get<mvcc::TxnResponse>(response);
           if (!txn_response.succeeded) {
             return done(status(api::Code::kConflict, api::Reason::kAlreadyExists,
                                "object already exists"));
           }
           api::ApiResponse ok;
           ok.code = api::Code::kCreated;
           ok.object = api::Versioned{object, txn_response.header.revision};
           done(std::move(ok));
         });
  }

  // GuaranteedUpdate (storage/etcd3/store.go): read the current version, check the
  // request's precondition (resourceVersion: 409 Conflict when stale), write it back
  // only if nobody wrote in between (a txn on the mod revision), else try again.
  void read_modify_write(const api::ApiRequest& request, const std::string& key, sim::Time deadline,
                         Done done, int tries) {
    KCSIM_ASSERT_MSG(tries < kGuaranteedUpdateTriesMax, "GuaranteedUpdate converges");
    mvcc::RangeRequest range;
    range.range = mvcc::KeyRange::single(key);
    call("get", request.kind, std::move(range), deadline,
         [this, request, key, deadline, tries, done = std::move(done)](
             ClientError error, const mvcc::Response& response) mutable {
           if (error != ClientError::kOk) return done(from_etcd_error(error));
           const auto& r = std::get<mvcc::RangeResponse>(response);
           if (r.kvs.empty()) {
             return done(status(api::Code::kNotFound, api::Reason::kNotFound, "not found"));
           }
           const api::Versioned current = versioned(r.kvs.front());
           const std::int64_t precondition =
               request.object != nullptr ? request.object->meta.resource_version : 0;
           if (precondition != 0 && precondition != current.resource_version) {
             return done(status(api::Code::kConflict, api::Reason::kConflict,
                                "the object has been modified; please apply your changes to "
                                "the latest version and try again"));
           }
           commit(std::move(request), key, current, deadline, std::move(done), tries);
         });
  }

  void commit(api::ApiRequest request, const std::string& key, const api::Versioned& current,
              sim::Time deadline, Done done, int tries) {
    mvcc::TxnRequest txn;
    txn.compare.push_back(
        mvcc::Compare::mod_revision(key, mvcc::Compare::Result::kEqual, current.resource_version));
    api::ObjectPtr next = next_version(request, current);
    const bool erase = next == nullptr;
    if (erase) {
      txn.success.emplace_back(mvcc::DeleteRangeRequest{mvcc::KeyRange::single(key), false});
    } else {
      txn.success.emplace_back(mvcc::PutRequest{key, encode_object(next)});
    }
    const std::string_view operation = erase ? "delete" : "update";
    call(operation, request.kind, std::move(txn), deadline,
         [this, request, key, deadline, tries, next, current, done = std::move(done)](
             ClientError error, const mvcc::Response& response) mutable {
           if (error != ClientError::kOk) return done(from_etcd_error(error));
           const auto& txn_response = std::get<mvcc::TxnResponse>(response);
           if (!txn_response.succeeded) {  // written meanwhile: GuaranteedUpdate tries again
             read_modify_write(request, key, deadline, std::move(done), tries + 1);
             return;
           }
           api::ApiResponse ok;
           ok.object =
               next != nullptr ? api::Versioned{next, txn_response.header.revision} : current;
           done(std::move(ok));
         });
  }

  // The version an UPDATE, PATCH or DELETE writes; null: the key is deleted.
  api::ObjectPtr next_version(const api::ApiRequest& request, const api::Versioned& current) {
    const api::Object& stored = *current.object;
    if (request.verb == api::Verb::kDelete) {
      // Finalizers hold the object: a delete only marks it (graceful deletion).
      if (stored.meta.finalizers.empty()) return nullptr;
      if (stored.meta.deletion_timestamp) return current.object;
      auto marked = std::make_shared<api::Object>(stored);
      marked->meta.deletion_timestamp = owner_.now();
      marked->meta.deletion_grace_period_seconds = request.grace_period_seconds.value_or(0);
      return marked;
    }
    if (request.object == nullptr) return current.object;
    auto next = std::make_shared<api::Object>(*request.object);
    next->meta.resource_version = 0;
    next->meta.uid = stored.meta.uid;
    next->meta.creation_timestamp = stored.meta.creation_timestamp;
    next->meta.generation =
        next->body == stored.body ? stored.meta.generation : stored.meta.generation + 1;
    if (stored.meta.deletion_timestamp && next->meta.finalizers.empty()) {
      return nullptr;  // the last finalizer is gone: the object goes
    }
    return next;
  }

  sim::ProcessContext& owner_;
  etcd::KvClient& etcd_;
  EtcdTimer timer_;
  std::uint64_t uids_ = 0;
};

}  // namespace

std::unique_ptr<Registry> make_registry(sim::ProcessContext& owner, etcd::KvClient& etcd,
                                        Registry::EtcdTimer timer) {
  return std::make_unique<EtcdRegistry>(owner, etcd, std::move(timer));
}

}  // namespace kcsim::apiserver
