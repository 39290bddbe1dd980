// Classification: which FlowSchema a request matches, hence its priority level, and its
// flow (the schema plus a distinguisher), as kube-apiserver's APF filter does.
//
// Source: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/match.go (matchesFlowSchema,
// matchesPolicyRule, matchesASubject, matchesAResourceRule) and apf_controller.go
// (startRequest, computeFlowDistinguisher, hashFlowID).
//
// Contract:
//  - The schemas are tried in matching order (precedence, then name); the first match
//    wins; if none matches, catch-all (as the real controller falls back).
//  - A subject matches: a User by name ("*": any); a Group by membership ("*": any); a
//    ServiceAccount when the user is "system:serviceaccount:<namespace>:<name>" (name
//    "*": any in that namespace).
//  - Authentication's implicit groups: the real authenticator adds system:authenticated
//    to every authenticated user and system:serviceaccounts (+ ...:<namespace>) to service
//    accounts. kcsim's UserInfo may leave them out, so the classifier adds them (every
//    kcsim client is authenticated unless it lists system:unauthenticated).
//  - Resource rules match verb ("get", "list", "watch", "create", "update", "patch",
//    "delete"), API group, resource ("nodes/status" for a status update) and namespace;
//    a request without a namespace matches only rules with clusterScope.
//  - The flow distinguisher: ByUser the user's name, ByNamespace the request's namespace,
//    none "". Levels with a single queue (or none) ignore it (hash 0), as the real one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/flowcontrol/bootstrap.h"

namespace kcsim::flowcontrol {

// Rules match a request by api::verb_name (wire.h) and api::resource_of (objects/resource.h).

struct Classification {
  std::size_t flow_schema = 0;     // index into the classifier's schemas
  std::size_t priority_level = 0;  // index into the classifier's levels
  std::string distinguisher;
  std::uint64_t flow_hash = 0;
};

class Classifier {
 public:
  // `schemas` in any order (sorted here); every schema's level must be in `levels`, and a
  // "catch-all" schema must exist.
  Classifier(std::vector<FlowSchema> schemas, const std::vector<PriorityLevelConfig>& levels);

  Classification classify(const api::ApiRequest& request) const;

  const std::vector<FlowSchema>& schemas() const { return schemas_; }

  static bool matches(const FlowSchema& schema, const api::ApiRequest& request);

 private:
  std::vector<FlowSchema> schemas_;
  std::vector<std::size_t> level_of_schema_;
  std::vector<int> queues_of_level_;
  std::size_t catch_all_ = 0;
};

}  // namespace kcsim::flowcontrol
