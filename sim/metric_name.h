// Metric names with labels, Prometheus-style: `etcd_server_has_leader{member="etcd-0"}`.
//
// Contract:
//  - A name is a base name, optionally followed by labels in braces. The whole text is
//    the key of one series in sim::Metrics; the base name (the part before `{`) names its
//    family, which `Metrics::sum_over` and friends aggregate.
//  - Base name: [A-Za-z_:][A-Za-z0-9_:.]* . Prometheus allows no dot; kcsim does, for
//    names such as `etcd.leader_changes` in summary.json (a dot is mapped to `_` when
//    the reports export to Prometheus).
//  - Label key: [A-Za-z_][A-Za-z0-9_]* ; a value is any text, quoted, with `\\`, `\"`
//    and `\n` escaped as in the Prometheus text format. A key appears at most once.
//  - The canonical form has the labels sorted by key, no spaces, no trailing comma, and
//    no braces when there are no labels: `base{a="1",b="2"}`. The registry stores and
//    looks up canonical names only, so `x{b="2",a="1"}` and `x{a="1", b="2"}` are one series.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kcsim::sim {

using LabelPair = std::pair<std::string_view, std::string_view>;

// `name` with `labels` added, in canonical form. `name` may carry labels already.
// Throws std::logic_error on an invalid name or key, or a key given twice.
std::string labeled(std::string_view name, std::span<const LabelPair> labels);
std::string labeled(std::string_view name, std::initializer_list<LabelPair> labels);

// The canonical form of `name`, or nullopt if it is not a valid metric name.
std::optional<std::string> canonical_metric_name(std::string_view name);

// The part of `name` before its first `{` (all of it if there is none).
std::string_view metric_base_name(std::string_view name);

// Whether `text` is a valid base name (no labels).
bool is_valid_base_name(std::string_view text);

}  // namespace kcsim::sim
