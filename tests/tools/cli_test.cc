// The kcsim command as a user runs it: exit codes, messages, files, replay.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
  std::string last_line() const {
    std::string text = out;
    while (!text.empty() && text.back() == '\n')
      text.pop_back();
    return text.substr(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
  }
};

Outcome kcsim(const std::string& args) {
  const std::string command = std::string(KCSIM_BINARY) + " " + args + " 2>&1";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    outcome.out.append(buffer, n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

std::string scenario_path(const std::string& relative) {
  return std::string(KCSIM_SOURCE_DIR) + "/scenarios/" + relative;
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kcsim_cli_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path write_file(const fs::path& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name) << text;
  return dir / name;
}

constexpr const char* kSmall = R"(apiVersion: kcsim/v1
kind: Scenario
metadata: {name: small}
spec:
  duration: 5s
  cluster:
    pingMesh: {hosts: 3}
  checks:
    - {name: pings flow, expect: "ping_replies_total > 0"}
)";

TEST(Cli, VersionAndUsage) {
  const Outcome version = kcsim("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("kcsim "), std::string::npos);
  EXPECT_EQ(kcsim("").exit_code, 2);
  EXPECT_EQ(kcsim("frobnicate").exit_code, 2);
  EXPECT_EQ(kcsim("run").exit_code, 2);
  EXPECT_EQ(kcsim("run x.yaml --seed notanumber").exit_code, 2);
}

TEST(Cli, RunPrintsTheTraceHashLastAndReplaysAcrossProcesses) {
  const std::string file = scenario_path("teaching/ping-mesh-partition.yaml");
  const Outcome a = kcsim("run " + file);
  const Outcome b = kcsim("run " + file);
  EXPECT_EQ(a.exit_code, 0) << a.out;
  ASSERT_EQ(a.last_line().rfind("trace_hash ", 0), 0u) << a.out;
  EXPECT_EQ(a.last_line().size(), std::string("trace_hash ").size() + 16);
  EXPECT_EQ(a.last_line(), b.last_line());
  EXPECT_NE(kcsim("run " + file + " --seed 2").last_line(), a.last_line());
}

TEST(Cli, RunWritesSummaryAndMetrics) {
  const fs::path dir = temp_dir("out");
  const Outcome o = kcsim("run " + scenario_path("failover/ping-host-crash.yaml") + " --out " +
                          dir.string() + " --trace");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  std::ifstream summary_file(dir / "summary.json");
  const nlohmann::json summary = nlohmann::json::parse(summary_file);
  EXPECT_EQ(summary["scenario"], "ping-host-crash");
  EXPECT_EQ("trace_hash " + summary["trace_hash"].get<std::string>(), o.last_line());
  EXPECT_TRUE(fs::file_size(dir / "metrics.csv") > 0);
  std::ifstream csv(dir / "metrics.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header.rfind("time_s,", 0), 0u);
  EXPECT_TRUE(fs::file_size(dir / "trace.jsonl") > 0);
}

TEST(Cli, AnEtcdRunAlsoWritesTheClientsHistoryForPorcupine) {
  const fs::path dir = temp_dir("etcd");
  const Outcome o =
      kcsim("run " + scenario_path("failover/etcd-leader-crash.yaml") + " --out " + dir.string());
  ASSERT_EQ(o.exit_code, 0) << o.out;
  std::ifstream file(dir / "history.porcupine.json");
  const nlohmann::json history = nlohmann::json::parse(file);
  ASSERT_TRUE(history.is_array());
  ASSERT_GT(history.size(), 100u);
  for (const char* key : {"ClientId", "Input", "Call", "Output", "Return"}) {
    EXPECT_TRUE(history[0].contains(key)) << key;
  }
}

TEST(Cli, AFailedCheckExitsOne) {
  const fs::path dir = temp_dir("fail");
  std::string text = kSmall;
  text += "    - {name: never, expect: \"ping_replies_total < 0\"}\n";
  const fs::path file = write_file(dir, "fail.yaml", text);
  const Outcome o = kcsim("run " + file.string());
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("FAIL never"), std::string::npos) << o.out;
}

TEST(Cli, BadInputExitsTwoWithFileLineColumnAndKey) {
  const fs::path dir = temp_dir("bad");
  std::string text = kSmall;
  text.replace(text.find("duration: 5s"), 12, "duration: 5");
  const fs::path file = write_file(dir, "bad.yaml", text);
  const Outcome o = kcsim("run " + file.string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("bad.yaml:5:13: spec.duration:"), std::string::npos) << o.out;
  EXPECT_EQ(kcsim("run " + (dir / "missing.yaml").string()).exit_code, 2);
  EXPECT_EQ(kcsim("validate " + file.string()).exit_code, 2);
  // A name in a check that nothing answers is bad input too, found before running.
  std::string typo = kSmall;
  typo.replace(typo.find("ping_replies_total"), 18, "ping_replys_total");
  const Outcome t = kcsim("run " + write_file(dir, "typo.yaml", typo).string());
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_NE(t.out.find("ping_replys_total"), std::string::npos) << t.out;
}

TEST(Cli, SetOverridesAKeyAndRejectsAnUnknownPath) {
  const std::string file = scenario_path("failover/ping-host-crash.yaml");
  EXPECT_EQ(kcsim("validate " + file + " --set spec.seed=9").exit_code, 0);
  const Outcome o = kcsim("validate " + file + " --set spec.nope=1");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("spec.nope"), std::string::npos) << o.out;
}

TEST(Cli, TestRunsFoldersAndWritesJunit) {
  const fs::path dir = temp_dir("junit");
  const Outcome ok = kcsim("test " + scenario_path("") + " --out " + dir.string());
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  std::ifstream junit_file(dir / "junit.xml");
  std::stringstream junit;
  junit << junit_file.rdbuf();
  EXPECT_NE(junit.str().find("<testsuite name=\"ping-mesh-partition\""), std::string::npos);
  EXPECT_NE(junit.str().find("failures=\"0\""), std::string::npos);

  std::string text = kSmall;
  text += "    - {name: never, expect: \"ping_replies_total < 0\"}\n";
  write_file(dir, "fail.yaml", text);
  const Outcome failed = kcsim("test " + dir.string() + " --out " + dir.string());
  EXPECT_EQ(failed.exit_code, 1) << failed.out;
  std::ifstream junit2(dir / "junit.xml");
  std::stringstream junit_text;
  junit_text << junit2.rdbuf();
  EXPECT_NE(junit_text.str().find("<failure message="), std::string::npos);
}

}  // namespace
