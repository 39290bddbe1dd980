#include "model/apiserver/server/registry.h"

#include <utility>

#include "model/apiserver/admission/admit.h"
#include "model/apiserver/server/patch.h"
#include "sim/invariant.h"

namespace kcsim::apiserver {
namespace {

// A CREATE's or an UPDATE's object after defaulting, PrepareForCreate and the mutating
// admission plugins that change behaviour (admission/admit.h). What they add is added
// to the size the client sent.
api::ObjectPtr admitted(api::ObjectPtr object, admission::Operation operation, bool subresource) {
  const api::ObjectPtr out = admission::admit(object, operation, subresource);
  if (out == object) return object;
  return storage::reseal(api::Object(*out), *object);
}

api::ApiResponse response_of(const storage::Status& status) {
  api::ApiResponse response;
  response.code = status.code;
  response.reason = status.reason;
  response.message = status.message;
  return response;
}

storage::Store::ObjectDone answer(Registry::Done done) {
  return [done = std::move(done)](storage::ObjectResult result) {
    api::ApiResponse response = response_of(result.status);
    if (result.status.ok()) response.object = std::move(result.object);
    done(std::move(response));
  };
}

storage::StoreConfig store_config(sim::Time request_timeout) {
  storage::StoreConfig config;
  config.request_timeout = request_timeout;
  return config;
}

}  // namespace

Registry::Registry(sim::ProcessContext& owner, etcd::KvClient& etcd, sim::Time request_timeout,
                   storage::EtcdTimer timer, storage::ListRecorder on_list)
    : store_(owner, etcd, store_config(request_timeout), std::move(timer), std::move(on_list)) {}

void Registry::get(const api::ApiRequest& request, sim::Time deadline, Done done) {
  const std::int64_t revision =
      request.options.rv_match == api::RvMatch::kExact ? request.options.resource_version : 0;
  store_.get(request.kind, request.namespace_, request.name, answer(std::move(done)), revision,
             deadline);
}

void Registry::list(const api::ApiRequest& request, const Selectors& selectors, sim::Time deadline,
                    Done done) {
  storage::ListRequest list;
  list.kind = request.kind;
  list.namespace_ = selectors.selection.scope.namespace_;
  list.labels = selectors.labels;
  list.fields = selectors.fields;
  list.limit = request.options.limit;
  list.continue_token = request.options.continue_token;
  const api::RvMatch match = request.options.rv_match;
  if (list.continue_token.empty() &&
      (match == api::RvMatch::kExact || (match == api::RvMatch::kNotOlderThan && list.limit > 0))) {
    list.resource_version = request.options.resource_version;
  }
  store_.list(
      std::move(list),
      [done = std::move(done)](storage::ListResult result) {
        api::ApiResponse response = response_of(result.status);
        if (result.status.ok()) {
          response.items = std::move(result.items);
          response.list_resource_version = result.resource_version;
          response.continue_token = std::move(result.continue_token);
          response.remaining_item_count = result.remaining_item_count;
        }
        done(std::move(response));
      },
      deadline);
}

void Registry::current_resource_version(api::Kind kind, sim::Time deadline, RevisionDone done) {
  store_.current_resource_version(
      kind,
      [done = std::move(done)](storage::Status status, std::int64_t revision) {
        done(revision, status.ok() ? api::ApiResponse{} : response_of(status));
      },
      deadline);
}

void Registry::write(const api::ApiRequest& request, sim::Time deadline, Done done) {
  const api::ObjectPtr& body = request.object;
  const bool needs_body = request.verb != api::Verb::kDelete;
  if (needs_body && body == nullptr) {
    done(response_of(storage::bad_request("the body of the request was in an unknown format")));
    return;
  }
  // The URL's name; a CREATE names its object in the body.
  const std::string& name = request.name.empty() && body ? body->meta.name : request.name;
  switch (request.verb) {
    case api::Verb::kCreate:
    case api::Verb::kUpdate: {
      api::ObjectPtr object = body;
      if (body->meta.name != name || body->meta.namespace_ != request.namespace_) {
        // The URL names it (the store reseals it, keeping the size the client sent).
        auto named = std::make_shared<api::Object>(*body);
        named->meta.name = name;
        named->meta.namespace_ = request.namespace_;
        object = std::move(named);
      }
      if (request.verb == api::Verb::kCreate) {
        store_.create(admitted(std::move(object), admission::Operation::kCreate, false),
                      answer(std::move(done)), deadline);
      } else {
        store_.update(
            admitted(std::move(object), admission::Operation::kUpdate, request.subresource_status),
            answer(std::move(done)), deadline);
      }
      return;
    }
    case api::Verb::kPatch:
      store_.guaranteed_update(request.kind, request.namespace_, name, std::nullopt,
                               patch_update(body, request.patch_nulls, request.subresource_status),
                               answer(std::move(done)), deadline);
      return;
    case api::Verb::kDelete: {
      storage::DeleteOptions options;
      options.grace_period_seconds = request.grace_period_seconds;
      store_.remove(request.kind, request.namespace_, name, options, answer(std::move(done)),
                    deadline);
      return;
    }
    case api::Verb::kGet:
    case api::Verb::kList:
    case api::Verb::kWatch:
      break;
  }
  KCSIM_ASSERT_MSG(false, "a write verb");
}

}  // namespace kcsim::apiserver
