// The section parsers of the strict scenario walker (internal to model/scenario).
//
// Contract:
//  - The components' parts (cluster keys, targets, actions) come from the Registry.
//  - Each fills its part of a Scenario from a Field, reporting into the ParseContext.
//  - Order matters and is fixed by parse_spec(): duration, then cluster (which defines
//    the targets), then timeline (which refers to targets), then checks (which refer to
//    the timeline). The file may list the keys in any order.
#pragma once

#include "model/scenario/parse_context.h"
#include "model/scenario/scenario.h"
#include "model/scenario/shape.h"
#include "model/scenario/targets.h"

namespace kcsim::scenario {

void parse_document(ParseContext& ctx, const component::Registry& registry, const Field& root,
                    Scenario& out);
void parse_network(ParseContext& ctx, const Field& field, NetworkSpec& out);
// The cluster's keys are the registry's components, in its order.
void parse_cluster(ParseContext& ctx, const component::Registry& registry, const Field& field,
                   ClusterSpec& out);
// The kernel's actions, then the registry's.
void parse_timeline(ParseContext& ctx, const component::Registry& registry, const Field& field,
                    const ClusterSpec& cluster, const Targets& targets, sim::Time duration,
                    std::vector<TimelineEntry>& out);
void parse_checks(ParseContext& ctx, const Field& field, const std::vector<TimelineEntry>& timeline,
                  sim::Time duration, std::vector<CheckSpec>& out);

// The sections' shapes (shape.h), each beside its parser and from the same key lists.
Shape network_shape();
Shape cluster_shape(const component::Registry& registry);
Shape timeline_entry_shape(const component::Registry& registry);
Shape check_shape();

// "a, b, c" from a set or list of names, cut after `shown_max` with ", ..." (for messages).
template <class Names>
std::string join_names(const Names& names, std::size_t shown_max = 20) {
  std::string out;
  std::size_t shown = 0;
  for (const auto& name : names) {
    if (shown == shown_max) return out + ", ...";
    if (shown > 0) out += ", ";
    out += name;
    ++shown;
  }
  return out.empty() ? "none" : out;
}

}  // namespace kcsim::scenario
