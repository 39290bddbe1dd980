// The bootstrap (default) API Priority and Fairness configuration of kube-apiserver
// 1.32-1.34: its PriorityLevelConfigurations and FlowSchemas, as data.
//
// Source: staging/src/k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go
// (flowcontrol/v1), kubernetes/kubernetes. The mandatory objects (exempt, catch-all) and
// the suggested ones are all here; an operator's own objects are not modelled.
//
// Priority levels (nominalConcurrencyShares; lendablePercent; queues/handSize/
// queueLengthLimit; borrowingLimitPercent is unset for all, i.e. unlimited):
//
//   | level           | type    | shares | lendable | queues | hand | qlen |
//   | exempt          | Exempt  |      0 |       0% |      - |    - |    - |
//   | system          | Limited |     30 |      33% |     64 |    6 |   50 |
//   | node-high       | Limited |     40 |      25% |     64 |    6 |   50 |
//   | leader-election | Limited |     10 |       0% |     16 |    4 |   50 |
//   | workload-high   | Limited |     40 |      50% |    128 |    6 |   50 |
//   | workload-low    | Limited |    100 |      90% |    128 |    6 |   50 |
//   | global-default  | Limited |     20 |      50% |    128 |    6 |   50 |
//   | catch-all       | Limited |      5 |       0% | Reject |    - |    - |
//
// Flow schemas, by matchingPrecedence (lowest first; the first match wins):
//
//   | precedence | schema                       | level           | distinguisher |
//   |          1 | exempt                       | exempt          | none          |
//   |          2 | probes                       | exempt          | none          |
//   |        100 | system-leader-election       | leader-election | ByUser        |
//   |        150 | endpoint-controller          | workload-high   | ByUser        |
//   |        200 | workload-leader-election     | leader-election | ByUser        |
//   |        400 | system-node-high             | node-high       | ByUser        |
//   |        500 | system-nodes                 | system          | ByUser        |
//   |        800 | kube-controller-manager      | workload-high   | ByNamespace   |
//   |        800 | kube-scheduler               | workload-high   | ByNamespace   |
//   |        900 | kube-system-service-accounts | workload-high   | ByNamespace   |
//   |       9000 | service-accounts             | workload-low    | ByUser        |
//   |       9900 | global-default               | global-default  | ByUser        |
//   |      10000 | catch-all                    | catch-all       | ByUser        |
//
// Checked against: k8s.io/apiserver v0.32.0 (Kubernetes 1.32.0)
// pkg/apis/flowcontrol/bootstrap/default.go: every share, lendablePercent, queue count,
// hand size, queue length, schema, subject and rule above; 1.33 is the same.
// system-leader-election covers Leases only (get/create/update, every namespace);
// workload-leader-election also covers endpoints and configmaps in any namespace.
// Kubernetes 1.34 removed endpoint-controller and workload-leader-election (commit
// 2800c16c, "Remove FlowSchemas handling non-leases-backed leader election"); kcsim
// keeps them as 1.32/1.33 have them. Its components elect leaders with Leases, which
// system-leader-election classifies first in every one of these versions.
//
// Ties in precedence are broken by name, as apihelpers.FlowSchemaSequence sorts them.
// Non-resource rules (/healthz, /readyz, /livez of `probes`) are kept as data but never
// match: kcsim's requests are all resource requests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kcsim::flowcontrol {

// LimitResponse of a Limited level: queue (with these parameters) or reject at once.
struct QueuingConfig {
  int queues = 0;
  int hand_size = 0;
  int queue_length_limit = 0;
};

struct PriorityLevelConfig {
  std::string name;
  bool exempt = false;
  int nominal_concurrency_shares = 0;
  int lendable_percent = 0;
  std::optional<int> borrowing_limit_percent;  // unset: may borrow without limit
  std::optional<QueuingConfig> queuing;        // unset on a Limited level: Reject
};

enum class SubjectKind : std::uint8_t { kUser, kGroup, kServiceAccount };

struct Subject {
  SubjectKind kind = SubjectKind::kUser;
  std::string name;        // user or group name, or the service account's name ("*": any)
  std::string namespace_;  // kServiceAccount only
};

// A ResourcePolicyRule: "*" matches every verb, group, resource or namespace.
struct ResourceRule {
  std::vector<std::string> verbs;       // "get", "list", "watch", "create", ...
  std::vector<std::string> api_groups;  // "" is the core group
  std::vector<std::string> resources;   // "pods", "nodes/status", "*"
  std::vector<std::string> namespaces;  // "*": every namespace (not cluster scope)
  bool cluster_scope = false;           // matches requests without a namespace
};

struct PolicyRulesWithSubjects {
  std::vector<Subject> subjects;
  std::vector<ResourceRule> resource_rules;
  bool has_non_resource_rules = false;  // kept for the record; never matches here
};

enum class DistinguisherMethod : std::uint8_t { kNone, kByUser, kByNamespace };

struct FlowSchema {
  std::string name;
  std::string priority_level;
  int matching_precedence = 0;
  DistinguisherMethod distinguisher = DistinguisherMethod::kNone;
  std::vector<PolicyRulesWithSubjects> rules;
};

// The default levels, in the order of the table above.
const std::vector<PriorityLevelConfig>& default_priority_levels();
// The default flow schemas, sorted for matching (precedence, then name).
const std::vector<FlowSchema>& default_flow_schemas();

}  // namespace kcsim::flowcontrol
