#include "model/apiserver/flowcontrol/bootstrap.h"

#include <algorithm>
#include <utility>

// Transcribed from staging/src/k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go
// as Kubernetes 1.32 and 1.33 ship it (k8s.io/apiserver v0.32.0, checked against the
// source). 1.34 removed the endpoint-controller and workload-leader-election schemas
// (kubernetes commit 2800c16c, "Remove FlowSchemas handling non-leases-backed leader
// election"): kcsim keeps them, as a 1.32/1.33 cluster has them.
namespace kcsim::flowcontrol {
namespace {

// Well-known names: staging/src/k8s.io/apiserver/pkg/authentication/user/user.go and
// .../authentication/serviceaccount/util.go.
constexpr const char* kSystemPrivilegedGroup = "system:masters";
constexpr const char* kNodesGroup = "system:nodes";
constexpr const char* kAllUnauthenticated = "system:unauthenticated";
constexpr const char* kAllAuthenticated = "system:authenticated";
constexpr const char* kAllServiceAccountsGroup = "system:serviceaccounts";
constexpr const char* kKubeControllerManager = "system:kube-controller-manager";
constexpr const char* kKubeScheduler = "system:kube-scheduler";

Subject user(std::string name) {
  return {SubjectKind::kUser, std::move(name), ""};
}
Subject group(std::string name) {
  return {SubjectKind::kGroup, std::move(name), ""};
}
Subject kube_system_sa(std::string name) {
  return {SubjectKind::kServiceAccount, std::move(name), "kube-system"};
}

// resourceRule(verbs=*, groups=*, resources=*, namespaces=*, clusterScoped=true).
ResourceRule rule_all() {
  return {{"*"}, {"*"}, {"*"}, {"*"}, true};
}

// NewFSAll-style schema: the subjects, every resource, and every non-resource URL.
FlowSchema all(std::string name, std::string level, int precedence, DistinguisherMethod dm,
               std::vector<Subject> subjects) {
  return {std::move(name),
          std::move(level),
          precedence,
          dm,
          {{std::move(subjects), {rule_all()}, true}}};
}

PriorityLevelConfig limited(std::string name, int shares, int lendable, int queues, int hand,
                            int qlen) {
  return {std::move(name), false,        shares,
          lendable,        std::nullopt, QueuingConfig{queues, hand, qlen}};
}

std::vector<FlowSchema> make_flow_schemas() {
  using DM = DistinguisherMethod;
  const std::vector<std::string> get_create_update = {"get", "create", "update"};
  std::vector<FlowSchema> out;
  out.push_back(all("exempt", "exempt", 1, DM::kNone, {group(kSystemPrivilegedGroup)}));
  // probes: only GET of /healthz, /readyz, /livez (non-resource), for everyone.
  out.push_back({"probes",
                 "exempt",
                 2,
                 DM::kNone,
                 {{{group(kAllUnauthenticated), group(kAllAuthenticated)}, {}, true}}});
  out.push_back({"system-leader-election",
                 "leader-election",
                 100,
                 DM::kByUser,
                 {{{user(kKubeControllerManager), user(kKubeScheduler), kube_system_sa("*")},
                   {{get_create_update, {"coordination.k8s.io"}, {"leases"}, {"*"}, false}},
                   false}}});
  out.push_back({"endpoint-controller",
                 "workload-high",
                 150,
                 DM::kByUser,
                 {{{user(kKubeControllerManager), kube_system_sa("endpoint-controller"),
                    kube_system_sa("endpointslicemirroring-controller")},
                   {{get_create_update, {""}, {"endpoints"}, {"*"}, false}},
                   false}}});
  out.push_back({"workload-leader-election",
                 "leader-election",
                 200,
                 DM::kByUser,
                 {{{kube_system_sa("*")},
                   {{get_create_update, {""}, {"endpoints", "configmaps"}, {"*"}, false},
                    {get_create_update, {"coordination.k8s.io"}, {"leases"}, {"*"}, false}},
                   false}}});
  out.push_back({"system-node-high",
                 "node-high",
                 400,
                 DM::kByUser,
                 {{{group(kNodesGroup)},
                   {{{"*"}, {""}, {"nodes", "nodes/status"}, {"*"}, true},
                    {{"*"}, {"coordination.k8s.io"}, {"leases"}, {"*"}, false}},
                   false}}});
  out.push_back(all("system-nodes", "system", 500, DM::kByUser, {group(kNodesGroup)}));
  out.push_back(all("kube-controller-manager", "workload-high", 800, DM::kByNamespace,
                    {user(kKubeControllerManager)}));
  out.push_back(
      all("kube-scheduler", "workload-high", 800, DM::kByNamespace, {user(kKubeScheduler)}));
  out.push_back(all("kube-system-service-accounts", "workload-high", 900, DM::kByNamespace,
                    {kube_system_sa("*")}));
  out.push_back(all("service-accounts", "workload-low", 9000, DM::kByUser,
                    {group(kAllServiceAccountsGroup)}));
  out.push_back(all("global-default", "global-default", 9900, DM::kByUser,
                    {group(kAllUnauthenticated), group(kAllAuthenticated)}));
  out.push_back(all("catch-all", "catch-all", 10000, DM::kByUser,
                    {group(kAllUnauthenticated), group(kAllAuthenticated)}));
  // apihelpers.FlowSchemaSequence: by precedence, then by name.
  std::stable_sort(out.begin(), out.end(), [](const FlowSchema& a, const FlowSchema& b) {
    if (a.matching_precedence != b.matching_precedence) {
      return a.matching_precedence < b.matching_precedence;
    }
    return a.name < b.name;
  });
  return out;
}

}  // namespace

const std::vector<PriorityLevelConfig>& default_priority_levels() {
  static const std::vector<PriorityLevelConfig> levels = {
      {"exempt", true, 0, 0, std::nullopt, std::nullopt},
      limited("system", 30, 33, 64, 6, 50),
      limited("node-high", 40, 25, 64, 6, 50),
      limited("leader-election", 10, 0, 16, 4, 50),
      limited("workload-high", 40, 50, 128, 6, 50),
      limited("workload-low", 100, 90, 128, 6, 50),
      limited("global-default", 20, 50, 128, 6, 50),
      {"catch-all", false, 5, 0, std::nullopt, std::nullopt},
  };
  return levels;
}

const std::vector<FlowSchema>& default_flow_schemas() {
  static const std::vector<FlowSchema> schemas = make_flow_schemas();
  return schemas;
}

}  // namespace kcsim::flowcontrol
