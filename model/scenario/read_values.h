// Typed readers for scalar fields of a scenario (internal to model/scenario).
//
// Contract:
//  - Each reader returns `fallback` when the field is absent, and also after reporting an
//    error (the context keeps only the first error, so the fallback is never used).
//  - Numbers and booleans must be plain scalars: a quoted "3" is a string, not a count.
//  - Every message says what was expected and what was found, e.g.
//      expected a duration with a unit such as 150ms or 2s, found "20"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/dist_spec.h"
#include "model/scenario/parse_context.h"
#include "model/scenario/shape.h"
#include "model/scenario/timeline.h"
#include "sim/time.h"

namespace kcsim::scenario {

std::string read_string(ParseContext& ctx, const Field& field, std::string fallback);
sim::Time read_duration(ParseContext& ctx, const Field& field, sim::Time fallback,
                        sim::Time min = 0);
std::uint64_t read_count(ParseContext& ctx, const Field& field, std::uint64_t fallback,
                         std::uint64_t min, std::uint64_t max);
double read_real(ParseContext& ctx, const Field& field, double fallback, double min, double max);
bool read_bool(ParseContext& ctx, const Field& field, bool fallback);
std::uint64_t read_size(ParseContext& ctx, const Field& field, std::uint64_t fallback,
                        std::uint64_t min = 0);
std::uint64_t read_bandwidth(ParseContext& ctx, const Field& field, std::uint64_t fallback);
DistSpec read_dist(ParseContext& ctx, const Field& field, DistSpec fallback);
// A list of non-empty names: [etcd-0, etcd-1].
std::vector<std::string> read_names(ParseContext& ctx, const Field& field);
// The elements of a list, each a Field with its own path (key[0], key[1], ...), for a
// component that reads a list of mappings with its own Schema; between `min` and `max`
// elements. `what` names the expected list in the error ("a list of client groups").
// Empty when absent.
std::vector<Field> read_list(ParseContext& ctx, const Field& field, std::size_t min,
                             std::size_t max, std::string_view what);
// A list of lists of names: [[etcd-0], [etcd-1, etcd-2]]; group counts in [min, max].
HostGroups read_groups(ParseContext& ctx, const Field& field, std::size_t groups_min,
                       std::size_t groups_max);

// What read_dist accepts: a duration, or one of the distribution mappings (dist_spec.h).
Shape dist_shape();
// What read_names and read_groups accept, for `kcsim schema` (shape.h).
Shape names_shape();
Shape groups_shape(std::size_t groups_min, std::size_t groups_max);

}  // namespace kcsim::scenario
