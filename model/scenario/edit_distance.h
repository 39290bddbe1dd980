// Levenshtein distance between two short strings, for the "did you mean" of unknown
// keys and names (the parser's keys, a check's metric names). O(n*m): names are short.
#pragma once

#include <cstddef>
#include <string_view>

namespace kcsim::scenario {

std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace kcsim::scenario
