#include "model/apiserver/flowcontrol/classifier.h"

#include <algorithm>

#include "model/apiserver/flowcontrol/flow_hash.h"
#include "model/apiserver/objects/resource.h"
#include "sim/invariant.h"

namespace kcsim::flowcontrol {

namespace {

constexpr std::string_view kServiceAccountPrefix = "system:serviceaccount:";

bool contains_or_all(const std::vector<std::string>& values, std::string_view value) {
  return std::any_of(values.begin(), values.end(),
                     [&](const std::string& v) { return v == "*" || v == value; });
}

bool in_group(const api::UserInfo& user, std::string_view group) {
  if (std::find(user.groups.begin(), user.groups.end(), group) != user.groups.end()) {
    return true;
  }
  // The groups the authenticator adds (see the header).
  const bool unauthenticated = std::find(user.groups.begin(), user.groups.end(),
                                         "system:unauthenticated") != user.groups.end();
  if (group == "system:authenticated") return !unauthenticated;
  const std::string_view name = user.name;
  if (!name.starts_with(kServiceAccountPrefix)) return false;
  if (group == "system:serviceaccounts") return true;
  const std::string_view rest = name.substr(kServiceAccountPrefix.size());
  const std::string_view ns = rest.substr(0, rest.find(':'));
  return group.starts_with("system:serviceaccounts:") &&
         group.substr(std::string_view("system:serviceaccounts:").size()) == ns;
}

bool matches_subject(const Subject& subject, const api::UserInfo& user) {
  switch (subject.kind) {
    case SubjectKind::kUser:
      return subject.name == "*" || subject.name == user.name;
    case SubjectKind::kGroup:
      return subject.name == "*" || in_group(user, subject.name);
    case SubjectKind::kServiceAccount: {
      const std::string_view name = user.name;
      if (!name.starts_with(kServiceAccountPrefix)) return false;
      const std::string_view rest = name.substr(kServiceAccountPrefix.size());
      const std::size_t colon = rest.find(':');
      if (colon == std::string_view::npos) return false;
      if (rest.substr(0, colon) != subject.namespace_) return false;
      return subject.name == "*" || rest.substr(colon + 1) == subject.name;
    }
  }
  return false;
}

bool matches_rule(const ResourceRule& rule, const api::ApiRequest& request) {
  if (!contains_or_all(rule.verbs, api::verb_name(request.verb))) return false;
  if (!contains_or_all(rule.api_groups, api::resource_of(request.kind).group)) return false;
  std::string resource(api::resource_of(request.kind).resource);
  if (request.subresource_status) resource += "/status";
  if (!contains_or_all(rule.resources, resource)) return false;
  if (request.namespace_.empty()) return rule.cluster_scope;
  return contains_or_all(rule.namespaces, request.namespace_);
}

}  // namespace

bool Classifier::matches(const FlowSchema& schema, const api::ApiRequest& request) {
  for (const PolicyRulesWithSubjects& rules : schema.rules) {
    const bool subject_ok =
        std::any_of(rules.subjects.begin(), rules.subjects.end(),
                    [&](const Subject& s) { return matches_subject(s, request.user); });
    if (!subject_ok) continue;
    for (const ResourceRule& rule : rules.resource_rules) {
      if (matches_rule(rule, request)) return true;
    }
  }
  return false;
}

Classifier::Classifier(std::vector<FlowSchema> schemas,
                       const std::vector<PriorityLevelConfig>& levels)
    : schemas_(std::move(schemas)) {
  std::stable_sort(schemas_.begin(), schemas_.end(), [](const FlowSchema& a, const FlowSchema& b) {
    if (a.matching_precedence != b.matching_precedence) {
      return a.matching_precedence < b.matching_precedence;
    }
    return a.name < b.name;
  });
  for (const PriorityLevelConfig& level : levels) {
    queues_of_level_.push_back(level.queuing ? level.queuing->queues : 0);
  }
  bool have_catch_all = false;
  for (std::size_t i = 0; i < schemas_.size(); ++i) {
    auto it = std::find_if(levels.begin(), levels.end(), [&](const PriorityLevelConfig& l) {
      return l.name == schemas_[i].priority_level;
    });
    KCSIM_ASSERT_MSG(it != levels.end(), "flow schema names an unknown priority level");
    level_of_schema_.push_back(static_cast<std::size_t>(it - levels.begin()));
    if (schemas_[i].name == "catch-all") {
      catch_all_ = i;
      have_catch_all = true;
    }
  }
  KCSIM_ASSERT_MSG(have_catch_all, "the mandatory catch-all flow schema is missing");
}

Classification Classifier::classify(const api::ApiRequest& request) const {
  std::size_t chosen = catch_all_;
  for (std::size_t i = 0; i < schemas_.size(); ++i) {
    if (matches(schemas_[i], request)) {
      chosen = i;
      break;
    }
  }
  Classification out;
  out.flow_schema = chosen;
  out.priority_level = level_of_schema_[chosen];
  if (queues_of_level_[out.priority_level] > 1) {
    const FlowSchema& schema = schemas_[chosen];
    switch (schema.distinguisher) {
      case DistinguisherMethod::kByUser:
        out.distinguisher = request.user.name;
        break;
      case DistinguisherMethod::kByNamespace:
        out.distinguisher = request.namespace_;
        break;
      case DistinguisherMethod::kNone:
        break;
    }
    out.flow_hash = hash_flow_id(schema.name, out.distinguisher);
  }
  return out;
}

}  // namespace kcsim::flowcontrol
