// The etcd nemesis over many seeds: `etcd_nemesis_soak [--members N] [--seeds A..B]
// [--jobs J]`, by default seeds 1..10000 of a 3-member and of a 5-member cluster.
// Runs are independent and go to a pool of threads (parallelism across runs, never
// inside one); each run is deterministic. Prints every failing seed with its failed
// checks (replay one with `kcsim run` on the schedule `nemesis_scenario_yaml` writes),
// then a summary; exits 1 if any seed failed.
#include <fmt/format.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "model/runner/nemesis.h"
#include "model/runner/run.h"
#include "model/scenario/load.h"

namespace {

struct Range {
  std::uint64_t first = 1;
  std::uint64_t last = 10'000;
};

bool parse_range(const std::string& text, Range& range) {
  const auto dots = text.find("..");
  if (dots == std::string::npos) return false;
  range.first = std::strtoull(text.substr(0, dots).c_str(), nullptr, 10);
  range.last = std::strtoull(text.substr(dots + 2).c_str(), nullptr, 10);
  return range.first >= 1 && range.first <= range.last;
}

}  // namespace

int main(int argc, char** argv) {
  Range seeds;
  std::vector<std::uint64_t> sizes = {3, 5};
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--seeds" && parse_range(value, seeds)) continue;
    if (flag == "--members") {
      sizes = {std::strtoull(value.c_str(), nullptr, 10)};
      continue;
    }
    if (flag == "--jobs") {
      jobs = static_cast<unsigned>(std::max(1L, std::strtol(value.c_str(), nullptr, 10)));
      continue;
    }
    std::cerr << "usage: etcd_nemesis_soak [--members N] [--seeds A..B] [--jobs J]\n";
    return 2;
  }
  struct Job {
    std::uint64_t members;
    std::uint64_t seed;
  };
  std::vector<Job> all;
  for (std::uint64_t members : sizes) {
    for (std::uint64_t seed = seeds.first; seed <= seeds.last; ++seed)
      all.push_back({members, seed});
  }
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> failed{0};
  std::mutex out;
  auto worker = [&] {
    for (std::size_t i = next++; i < all.size(); i = next++) {
      kcsim::runner::NemesisOptions options;
      options.members = all[i].members;
      options.seed = all[i].seed;
      auto loaded = kcsim::scenario::parse_scenario(kcsim::runner::nemesis_scenario_yaml(options),
                                                    "nemesis.yaml");
      const kcsim::runner::RunResult result = kcsim::runner::run_scenario(loaded.value());
      if (result.passed()) continue;
      ++failed;
      std::lock_guard lock(out);
      std::cout << fmt::format("FAIL members={} seed={}\n", options.members, options.seed);
      for (const auto& check : result.checks) {
        if (!check.passed) std::cout << fmt::format("  {}: {}\n", check.name, check.detail);
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < jobs; ++j)
    threads.emplace_back(worker);
  for (std::thread& t : threads)
    t.join();
  std::cout << fmt::format("{} passed, {} failed\n", all.size() - failed, failed.load());
  return failed == 0 ? 0 : 1;
}
