// libFuzzer target: the scenario parser and --set overrides (fuzz_input.h). Built with
// -DKCSIM_FUZZ=ON and clang++; run as
//   build/fuzz/tests/fuzz/scenario_fuzzer tests/fuzz/corpus -max_total_time=600
// and copy what it finds that crashed, once fixed, into tests/fuzz/corpus/.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kcsim::fuzz::parse_fuzz_input(
      std::string_view(reinterpret_cast<const char*>(data), size));  // NOLINT: bytes as text
  return 0;
}
