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

TEST(Cli, AnEtcdRunWritesTheClientsHistoryForPorcupineOnlyWithHistory) {
  const fs::path dir = temp_dir("etcd");
  const std::string file_arg = scenario_path("failover/etcd-leader-crash.yaml");
  const Outcome without = kcsim("run " + file_arg + " --out " + dir.string());
  ASSERT_EQ(without.exit_code, 0) << without.out;
  EXPECT_FALSE(fs::exists(dir / "history.porcupine.json"));
  EXPECT_EQ(kcsim("run " + file_arg + " --history").exit_code, 2);  // --history needs --out
  const Outcome o = kcsim("run " + file_arg + " --out " + dir.string() + " --history");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  // The exported history checks as linearizable with check-history.
  const Outcome checked = kcsim("check-history " + (dir / "history.porcupine.json").string());
  EXPECT_EQ(checked.exit_code, 0) << checked.out;
  EXPECT_NE(checked.out.find("linearizable"), std::string::npos) << checked.out;
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

// Two clients: a write of "a", then a read that must see it.
std::string two_operations(const std::string& read_value) {
  return R"([{"ClientId": 1, "Input": {"Op": "put", "Key": "x", "Value": "a"}, "Call": 0,
     "Output": {}, "Return": 10},
    {"ClientId": 2, "Input": {"Op": "get", "Key": "x"}, "Call": 20,
     "Output": {"Found": true, "Value": ")" +
         read_value + R"("}, "Return": 30}])";
}

TEST(Cli, CheckHistoryExitsZeroForALinearizableHistoryAndOneForAnIllegalOne) {
  const fs::path dir = temp_dir("check_history");
  const Outcome ok =
      kcsim("check-history " + write_file(dir, "ok.json", two_operations("a")).string());
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("2 operations (0 pending) on 1 keys"), std::string::npos) << ok.out;
  EXPECT_EQ(ok.last_line(), "linearizable");
  const Outcome illegal =
      kcsim("check-history " + write_file(dir, "illegal.json", two_operations("b")).string());
  EXPECT_EQ(illegal.exit_code, 1) << illegal.out;
  EXPECT_NE(illegal.out.find("not linearizable"), std::string::npos) << illegal.out;
  // The explanation names the read that could not be placed.
  EXPECT_NE(illegal.out.find("#1 client 2"), std::string::npos) << illegal.out;
}

TEST(Cli, CheckHistorySaysUndecidedAndExitsOneWhenTheSearchGivesUp) {
  // Eight concurrent writes and a read of a value none wrote: proving it illegal takes
  // more than 10 steps.
  std::string json = "[";
  for (int i = 0; i < 8; ++i) {
    json += R"({"ClientId": )" + std::to_string(i) +
            R"(, "Input": {"Op": "put", "Key": "x", "Value": "v)" + std::to_string(i) +
            R"("}, "Call": 0, "Output": {}, "Return": 100},)";
  }
  json += R"({"ClientId": 9, "Input": {"Op": "get", "Key": "x"}, "Call": 200,
     "Output": {"Found": true, "Value": "never"}, "Return": 210}])";
  const fs::path dir = temp_dir("check_history_undecided");
  const fs::path file = write_file(dir, "hard.json", json);
  const Outcome undecided = kcsim("check-history " + file.string() + " --max-steps-per-key 10");
  EXPECT_EQ(undecided.exit_code, 1) << undecided.out;
  EXPECT_NE(undecided.out.find("undecided"), std::string::npos) << undecided.out;
  EXPECT_EQ(undecided.out.find("not linearizable"), std::string::npos) << undecided.out;
  EXPECT_EQ(kcsim("check-history " + file.string()).exit_code, 1);  // illegal, decided
}

TEST(Cli, CheckHistoryExitsTwoOnBadInputNamingTheFile) {
  const fs::path dir = temp_dir("check_history_bad");
  const Outcome missing = kcsim("check-history " + (dir / "missing.json").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("missing.json: cannot open the file"), std::string::npos)
      << missing.out;
  const Outcome not_json = kcsim("check-history " + write_file(dir, "a.json", "[{").string());
  EXPECT_EQ(not_json.exit_code, 2);
  EXPECT_NE(not_json.out.find("a.json: not JSON; expected a history in Porcupine's form"),
            std::string::npos)
      << not_json.out;
  const Outcome wrong_shape =
      kcsim("check-history " + write_file(dir, "b.json", R"([{"ClientId": 1}])").string());
  EXPECT_EQ(wrong_shape.exit_code, 2);
  EXPECT_NE(wrong_shape.out.find("b.json: "), std::string::npos) << wrong_shape.out;
  EXPECT_NE(wrong_shape.out.find("operation 0"), std::string::npos) << wrong_shape.out;
  EXPECT_EQ(kcsim("check-history").exit_code, 2);
}

}  // namespace
