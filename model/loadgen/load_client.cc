#include "model/loadgen/load_client.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "model/apiserver/objects/build.h"
#include "model/loadgen/resources.h"
#include "sim/distributions.h"

namespace kcsim::loadgen {
namespace {

constexpr sim::Label kArrival{"loadgen.arrival"};
constexpr sim::Label kThink{"loadgen.think"};
// A patch's body: a few fields of a strategic-merge or JSON patch (an estimate).
constexpr std::uint32_t kPatchBytes = 128;
constexpr std::string_view kPatchAnnotation = "loadgen.kcsim.io/patch";

}  // namespace

LoadClient::LoadClient(sim::ProcessContext context, std::shared_ptr<GroupContext> group)
    : Process(context),
      group_(std::move(group)),
      rng_(Process::context().rng("load")),
      client_(Process::context(), group_->balancer(), group_->client_config(),
              group_->client_metrics.get()) {}

void LoadClient::start() {
  handle(api::kApiResponsePort, [this](sim::ProcessId from, api::ApiResponse&& response) {
    client_.on_response(from, std::move(response));
  });
  handle(api::kWatchEventPort, [this](sim::ProcessId from, api::WatchEvent&& event) {
    client_.on_watch_event(from, event);
  });
  if (group_->spec.rate <= 0) return;
  if (group_->spec.mode == sim::LoadLoop::kOpen) {
    schedule_arrival();
  } else {
    think();  // a first think time, so that the clients do not start in step
  }
}

void LoadClient::on_crash() {
  group_->group_metrics.in_flight.add(-static_cast<double>(in_flight_));
}

void LoadClient::schedule_arrival() {
  // The group's Poisson process, split evenly: this client's share is rate / count.
  const double rate = group_->spec.rate / static_cast<double>(group_->spec.count);
  const auto gap = static_cast<sim::Time>(sim::exponential(rng_, 1e9 / rate));
  after(gap, kArrival, [this] { arrive(); });
}

void LoadClient::arrive() {
  group_->group_metrics.arrivals.inc();
  if (in_flight_ >= group_->spec.max_in_flight) {
    group_->group_metrics.dropped.inc();
  } else {
    issue();
  }
  schedule_arrival();
}

void LoadClient::think() {
  const auto gap = static_cast<sim::Time>(sim::exponential(rng_, 1e9 / group_->spec.rate));
  after(gap, kThink, [this] {
    group_->group_metrics.arrivals.inc();
    issue();
  });
}

void LoadClient::issue() {
  const api::Verb verb = group_->mix.pick(rng_);
  ++in_flight_;
  group_->group_metrics.in_flight.inc();
  if (verb == api::Verb::kUpdate && group_->spec.read_modify_write) {
    read_modify_write(make_request(verb), 1);
    return;
  }
  client_.send(make_request(verb), [this, verb](client::Result&& result) {
    --in_flight_;
    group_->group_metrics.in_flight.dec();
    group_->group_metrics.request_done(verb, result.status, result.latency);
    if (group_->spec.mode == sim::LoadLoop::kClosed) think();
  });
}

void LoadClient::read_modify_write(api::ApiRequest update, int tries) {
  auto done = [this](api::Verb verb, const client::Result& result) {
    group_->group_metrics.request_done(verb, result.status, result.latency);
  };
  client_.get(update.kind, update.namespace_, update.name,
              [this, update, tries, done](client::Result&& read) mutable {
                done(api::Verb::kGet, read);
                if (!read.status.ok() || read.response.object.object == nullptr) {
                  end_read_modify_write();
                  return;
                }
                auto next = std::make_shared<api::Object>(*update.object);
                next->meta.resource_version = read.response.object.resource_version;
                update.object = std::move(next);
                client_.send(update, [this, update, tries, done](client::Result&& written) {
                  done(api::Verb::kUpdate, written);
                  if (client::is_conflict(written.status) && tries < kRetryOnConflictSteps) {
                    read_modify_write(update, tries + 1);
                    return;
                  }
                  end_read_modify_write();
                });
              });
}

void LoadClient::end_read_modify_write() {
  --in_flight_;
  group_->group_metrics.in_flight.dec();
  if (group_->spec.mode == sim::LoadLoop::kClosed) think();
}

api::ApiRequest LoadClient::make_request(api::Verb verb) {
  const ClientGroupSpec& spec = group_->spec;
  api::ApiRequest request;
  request.verb = verb;
  request.kind = group_->kind;
  const std::string& namespace_ = spec.namespaces[rng_.below(spec.namespaces.size())];
  if (api::is_namespaced(group_->kind)) request.namespace_ = namespace_;
  const std::string name = spec.name + "-obj-" + std::to_string(rng_.below(spec.objects));
  const auto bytes = static_cast<std::uint32_t>(spec.object_bytes);
  switch (verb) {
    case api::Verb::kList:
      request.options.limit = static_cast<std::int64_t>(spec.list.limit);
      request.options.rv_match = spec.list.rv_any ? api::RvMatch::kAny : api::RvMatch::kUnset;
      break;
    case api::Verb::kCreate:
    case api::Verb::kUpdate:
      request.name = name;
      request.object = make_object(group_->kind, namespace_, name, bytes);
      break;
    case api::Verb::kPatch: {
      // A merge patch of one annotation whose value changes every time (as
      // `kubectl patch --type merge -p '{"metadata":{"annotations":{...}}}'` in a load
      // test), so that each patch writes a new version (server/patch.h).
      request.name = name;
      auto patch = make_object(group_->kind, namespace_, name, std::min(bytes, kPatchBytes));
      api::set_label(patch->meta.annotations, std::string(kPatchAnnotation),
                     std::to_string(++patches_));
      request.object = std::move(patch);
      break;
    }
    case api::Verb::kGet:
    case api::Verb::kDelete:
    case api::Verb::kWatch:
      request.name = name;
      break;
  }
  return request;
}

}  // namespace kcsim::loadgen
