// `kcsim run --seeds A..B --jobs N` as a user runs it: runs on many threads give what
// runs one at a time give (no state shared between runs), each seed's trace hash is the
// one `--seed N` prints, and bad ranges are refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/shell.h"

namespace {

namespace fs = std::filesystem;

using kcsim_test::kcsim;
using kcsim_test::Outcome;

// seeds.csv without its wall_time_s column (the 7th), the one thing that may differ.
std::vector<std::string> rows_without_wall_time(const fs::path& csv) {
  std::ifstream in(csv);
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');)
      cells.push_back(cell);
    if (cells.size() > 6) cells.erase(cells.begin() + 6);
    std::string joined;
    for (const std::string& cell : cells)
      joined += cell + ",";
    rows.push_back(joined);
  }
  return rows;
}

TEST(SeedsCli, ThreadsChangeNothingAndEachSeedReplaysAlone) {
  const std::string scenario =
      std::string(KCSIM_SOURCE_DIR) + "/scenarios/failover/etcd-leader-crash.yaml";
  const fs::path base = fs::temp_directory_path() / "kcsim-seeds-cli";
  fs::remove_all(base);
  const Outcome one =
      kcsim("run " + scenario + " --seeds 3..6 --jobs 1 --out " + (base / "one").string());
  ASSERT_EQ(one.exit_code, 0) << one.out;
  const Outcome four =
      kcsim("run " + scenario + " --seeds 3..6 --jobs 4 --out " + (base / "four").string());
  ASSERT_EQ(four.exit_code, 0) << four.out;
  const std::vector<std::string> a = rows_without_wall_time(base / "one" / "seeds.csv");
  EXPECT_EQ(a.size(), 5u);
  EXPECT_EQ(a, rows_without_wall_time(base / "four" / "seeds.csv"));
  std::ifstream summary_file(base / "four" / "summary.json");
  const nlohmann::json summary = nlohmann::json::parse(summary_file);
  EXPECT_EQ(summary["runs"], 4);
  // Seed 5's row carries the hash a run of seed 5 alone prints last.
  const Outcome alone = kcsim("run " + scenario + " --seed 5 --quiet");
  ASSERT_EQ(alone.exit_code, 0);
  const std::string hash = alone.out.substr(alone.out.find("trace_hash ") + 11, 16);
  bool found = false;
  for (const std::string& row : a)
    found = found || row.rfind("5,true,false," + hash + ",", 0) == 0;
  EXPECT_TRUE(found) << hash;
}

TEST(SeedsCli, BadRangesAreRefused) {
  const std::string scenario =
      std::string(KCSIM_SOURCE_DIR) + "/scenarios/failover/etcd-leader-crash.yaml";
  for (const char* bad : {"5..3", "1-4", "..4", "a..b", "1..2000000"}) {
    const Outcome o = kcsim("run " + scenario + " --seeds " + bad);
    EXPECT_EQ(o.exit_code, 2) << bad;
    EXPECT_NE(o.out.find("--seeds"), std::string::npos) << o.out;
  }
  EXPECT_EQ(kcsim("run " + scenario + " --seeds 1..2 --seed 3").exit_code, 2);
}

}  // namespace
