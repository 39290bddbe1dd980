#include "tests/fuzz/fuzz_input.h"

#include <string>
#include <vector>

#include "model/scenario/load.h"

namespace kcsim::fuzz {

bool parse_fuzz_input(std::string_view input) {
  constexpr std::string_view kSet = "--set ";
  constexpr std::size_t kSetsMax = 16;
  std::vector<std::string> sets;
  while (input.substr(0, kSet.size()) == kSet && sets.size() < kSetsMax) {
    const std::size_t end = input.find('\n');
    sets.emplace_back(input.substr(
        kSet.size(), end == std::string_view::npos ? std::string_view::npos : end - kSet.size()));
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
  }
  const auto loaded = scenario::parse_scenario(std::string(input), "fuzz.yaml", sets);
  if (!loaded.ok()) {
    (void)loaded.error().format();  // the message must be formattable too
    return false;
  }
  return true;
}

}  // namespace kcsim::fuzz
