// The fuzz corpus as a regression test: every input in tests/fuzz/corpus/ goes through
// the scenario parser and --set (fuzz_input.h) with the normal build, so CI replays what
// the fuzzer found without clang or libFuzzer. No input may crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_input.h"

namespace {

namespace fs = std::filesystem;

TEST(FuzzCorpus, EveryInputParsesOrFailsCleanly) {
  const fs::path dir = fs::path(KCSIM_SOURCE_DIR) / "tests" / "fuzz" / "corpus";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 10u);
  std::size_t parsed = 0;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    parsed += kcsim::fuzz::parse_fuzz_input(text.str()) ? 1 : 0;
  }
  // The corpus holds valid scenarios and broken ones: both paths run.
  EXPECT_GT(parsed, 0u);
  EXPECT_LT(parsed, files.size());
}

}  // namespace
