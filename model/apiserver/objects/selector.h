// Label and field selectors, parsed once into matchers (what a LIST or WATCH filters by).
//
// Contract:
//  - `LabelSelector::parse` accepts what k8s.io/apimachinery/pkg/labels.Parse accepts
//    for the forms components use: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`,
//    `a` (exists), `!a` (does not exist), comma-separated (AND). An empty text matches
//    everything. `!=` and `notin` also match objects without the label (as Kubernetes).
//  - `FieldSelector::parse(kind, text)` accepts `f=v`, `f==v`, `f!=v`, comma-separated,
//    for the fields kube-apiserver supports for that kind: metadata.name and
//    metadata.namespace for every kind; for pods spec.nodeName, spec.schedulerName,
//    status.phase, status.podIP (pkg/registry/core/pod/strategy.go ToSelectableFields);
//    for nodes spec.unschedulable; for events involvedObject.name/namespace, reason,
//    type. Others fail as the apiserver does (400 BadRequest
//    `field label not supported: <f>`).
//  - A parse error is a message; the caller answers 400 BadRequest with it.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/apiserver/objects/kinds.h"

namespace kcsim::api {

struct LabelRequirement {
  enum class Op : std::uint8_t { kEquals, kNotEquals, kIn, kNotIn, kExists, kDoesNotExist };
  std::string key;
  Op op = Op::kEquals;
  std::vector<std::string> values;  // sorted
  bool matches(const StringMap& labels) const;
};

class LabelSelector {
 public:
  // The selector, or the error message.
  static std::variant<LabelSelector, std::string> parse(std::string_view text);
  // From matchLabels (a workload's selector): every pair must match.
  static LabelSelector from_map(const StringMap& match_labels);

  bool matches(const StringMap& labels) const;
  bool empty() const { return requirements_.empty(); }
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }

 private:
  std::vector<LabelRequirement> requirements_;
};

enum class Field : std::uint8_t {
  kName,
  kNamespace,
  kNodeName,       // pods: spec.nodeName
  kSchedulerName,  // pods: spec.schedulerName
  kPhase,          // pods: status.phase
  kPodIp,          // pods: status.podIP
  kUnschedulable,  // nodes: spec.unschedulable ("true"/"false")
  kInvolvedName,   // events: involvedObject.name
  kInvolvedNamespace,
  kReason,  // events
  kType,    // events
};

struct FieldRequirement {
  Field field = Field::kName;
  bool equals = true;  // false: !=
  std::string value;
};

class FieldSelector {
 public:
  static std::variant<FieldSelector, std::string> parse(Kind kind, std::string_view text);

  bool matches(const Object& object) const;
  bool empty() const { return requirements_.empty(); }
  const std::vector<FieldRequirement>& requirements() const { return requirements_; }

 private:
  std::vector<FieldRequirement> requirements_;
};

// A field's value in an object ("" when the kind has no such field).
std::string field_value(const Object& object, Field field);

}  // namespace kcsim::api
