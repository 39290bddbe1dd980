// libFuzzer target: the scenario parser and --set overrides (fuzz_input.h). Built with
// -DKCSIM_FUZZ=ON and clang++ (every library instrumented, top-level CMakeLists.txt);
// run with tests/fuzz/run_fuzzer.sh [SECONDS], which starts from tests/fuzz/corpus and
// keeps new inputs out of it. Copy what crashed, once fixed, into tests/fuzz/corpus/.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kcsim::fuzz::parse_fuzz_input(
      std::string_view(reinterpret_cast<const char*>(data), size));  // NOLINT: bytes as text
  return 0;
}
