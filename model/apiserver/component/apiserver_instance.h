// One run's API servers: the ApiServerCluster built from an ApiServerSpec over the
// run's etcd cluster, its role and states in the World, and its rollingRestart.
//
// Role: apiserver/any (a live replica). States (checks read them):
//   apiserver.ready_replicas   replicas whose /readyz succeeds
//   apiserver.live_replicas    replicas whose process is up
//   apiserver.relists          watch caches relisted from etcd (live incarnations)
//   apiserver.watches          client watches open at the replicas
//   apiserver.answered_CODE    requests answered with CODE (200 201 404 409 410 429 500
//                              503 504), over every replica and incarnation
//   apiserver.answered_2xx, apiserver.answered_5xx   the same by class
//   apiserver.lists            LISTs answered 200
//   apiserver.conflicts        409 Conflict answers (a stale resourceVersion)
//   apiserver.watches_opened   WATCHes registered
//   apiserver.rolling          1 while a rolling restart is under way
//   apiserver.rollouts_done    rolling restarts finished
#pragma once

#include <memory>

#include "model/apiserver/component/apiserver_spec.h"
#include "model/component/component.h"

namespace kcsim::apiserver {

class ApiServerCluster;

class ApiServerInstance final : public component::Instance {
 public:
  ApiServerInstance(runner::World& world, const ApiServerSpec& spec);
  ~ApiServerInstance() override;

  std::function<void()> apply(const scenario::TimelineEntry& entry, runner::World& world) override;

 private:
  std::unique_ptr<ApiServerCluster> cluster_;
};

}  // namespace kcsim::apiserver
