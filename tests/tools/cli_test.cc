// The kcsim command as a user runs it: exit codes, messages, files, replay.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/support/shell.h"

namespace {

namespace fs = std::filesystem;

using kcsim_test::kcsim;
using kcsim_test::Outcome;

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

// validate on text that is no scenario says what is wrong, where, and exits 2: the file is
// empty only when it holds nothing but white space and comments.
TEST(Cli, ValidateSaysWhatIsWrongWithOddYaml) {
  const fs::path dir = temp_dir("odd");
  const struct {
    const char* text;
    const char* expected;
  } cases[] = {
      {",N1", "odd.yaml:1:1: not valid YAML: a ',' outside a flow collection"},
      {"hello\n",
       "odd.yaml:1:1: expected a Scenario with apiVersion, kind, metadata and spec "
       "(a mapping), found \"hello\""},
      {"- a\n- b\n",
       "odd.yaml:1:1: expected a Scenario with apiVersion, kind, metadata and "
       "spec (a mapping), found a list"},
      {"a: 1\n---\nb: 2\n", "odd.yaml:3:1: expected one YAML document, found a second one"},
      {"", "odd.yaml:1:1: the file is empty"},
      {"# only\n# comments\n", "odd.yaml:1:1: the file is empty"},
      {"~\n",
       "odd.yaml:1:1: expected a Scenario with apiVersion, kind, metadata and spec (a "
       "mapping), found null"},
  };
  for (const auto& c : cases) {
    const fs::path file = write_file(dir, "odd.yaml", c.text);
    const Outcome o = kcsim("validate " + file.string());
    EXPECT_EQ(o.exit_code, 2) << c.text;
    EXPECT_NE(o.out.find(c.expected), std::string::npos) << c.text << " -> " << o.out;
  }
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

TEST(Cli, VersionPrintsTheCommitAndHelpTheExitCodesAndAnExample) {
  const Outcome version = kcsim("--version");
  EXPECT_NE(version.out.find("(commit "), std::string::npos) << version.out;
  for (const char* command : {"run", "test", "validate", "check-history"}) {
    const Outcome help = kcsim(std::string(command) + " --help");
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("Exit code"), std::string::npos) << command << help.out;
    EXPECT_NE(help.out.find("Example: kcsim " + std::string(command)), std::string::npos)
        << command << help.out;
  }
}

TEST(Cli, SeedsOutsideZeroTo2To64AreRejectedNotWrapped) {
  const fs::path dir = temp_dir("seed");
  const std::string file = write_file(dir, "small.yaml", kSmall).string();
  const Outcome negative = kcsim("run " + file + " --seed -1");
  EXPECT_EQ(negative.exit_code, 2) << negative.out;
  const Outcome big = kcsim("run " + file + " --seed 18446744073709551616");
  EXPECT_EQ(big.exit_code, 2) << big.out;
  EXPECT_NE(big.out.find("--seed: expected a whole number from 0 to 18446744073709551615, found "
                         "\"18446744073709551616\""),
            std::string::npos)
      << big.out;
  EXPECT_EQ(kcsim("test " + file + " --out " + dir.string() + " --seed=-1").exit_code, 2);
  // The largest seed runs, and summary.json keeps every digit beside the number.
  const Outcome max = kcsim("run " + file + " --seed 18446744073709551615 --out " +
                            (dir / "out").string() + " --set spec.duration=4s");
  ASSERT_EQ(max.exit_code, 0) << max.out;
  std::ifstream summary_file(dir / "out" / "summary.json");
  const nlohmann::json summary = nlohmann::json::parse(summary_file);
  EXPECT_EQ(summary["seed_string"], "18446744073709551615");
  EXPECT_EQ(summary["seed"].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_FALSE(summary["kcsim"]["version"].get<std::string>().empty());
  EXPECT_FALSE(summary["kcsim"]["commit"].get<std::string>().empty());
  EXPECT_EQ(summary["overrides"], nlohmann::json::array({"spec.duration=4s"}));
  EXPECT_EQ(summary["digest"][0], "timeline: nothing fired");
}

TEST(Cli, OutIsCheckedBeforeTheRunAndAnEarlierRunsFilesAreRemoved) {
  const fs::path dir = temp_dir("out");
  const std::string file = write_file(dir, "small.yaml", kSmall).string();
  const fs::path in_the_way = write_file(dir, "a-file", "x");
  const Outcome file_out = kcsim("run " + file + " --out " + in_the_way.string());
  EXPECT_EQ(file_out.exit_code, 2);
  EXPECT_NE(file_out.out.find("is a file, not a folder"), std::string::npos) << file_out.out;
  const Outcome flag = kcsim("run " + file + " --out=--trace");
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.out.find("looks like a flag"), std::string::npos) << flag.out;
  EXPECT_FALSE(fs::exists("--trace"));

  const fs::path out = dir / "run";
  ASSERT_EQ(kcsim("run " + file + " --out " + out.string() + " --trace").exit_code, 0);
  ASSERT_TRUE(fs::exists(out / "trace.jsonl"));
  write_file(out, "notes.txt", "mine");
  ASSERT_EQ(kcsim("run " + file + " --out " + out.string()).exit_code, 0);
  EXPECT_FALSE(fs::exists(out / "trace.jsonl"));  // the earlier run's, gone
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  EXPECT_TRUE(fs::exists(out / "notes.txt"));                // not kcsim's: left alone
  EXPECT_FALSE(fs::exists(out / "history.porcupine.json"));  // only with --history
}

TEST(Cli, ARunPrintsADigestAndValuesWithUnits) {
  const Outcome o = kcsim("run " + scenario_path("failover/etcd-leader-crash.yaml"));
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("  timeline: 10s crash etcd/leader"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("  etcd: "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(" requests served, "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("refused: no leader yet (boot)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("etcd latency: reads p50 "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("etcd_request_duration_seconds.p99 = "), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("etcd_request_duration_seconds.p99 = 0."), std::string::npos) << o.out;
}

TEST(Cli, AFailedTestPrintsTheReplayCommandAndKeepsItsOutputs) {
  const fs::path dir = temp_dir("replay");
  std::string text = kSmall;
  text += "    - {name: never, expect: \"ping_replies_total < 0\"}\n";
  const fs::path file = write_file(dir, "fail.yaml", text);
  const Outcome o = kcsim("test " + file.string() + " --out " + dir.string() + " --seed 7" +
                          " --set spec.duration=4s");
  EXPECT_EQ(o.exit_code, 1) << o.out;
  const fs::path kept = dir / "failed-runs" / "fail";
  const std::string replay = "  replay: kcsim run " + file.string() +
                             " --seed 7 --set spec.duration=4s --out " + kept.string() +
                             " --trace\n";
  EXPECT_NE(o.out.find(replay), std::string::npos) << o.out;
  EXPECT_TRUE(fs::exists(kept / "summary.json"));
  EXPECT_NE(o.out.find("0 passed, 1 failed, 0 undecided, 0 errors, 0 skipped"), std::string::npos)
      << o.out;
  std::ifstream junit_file(dir / "junit.xml");
  std::stringstream junit;
  junit << junit_file.rdbuf();
  EXPECT_NE(junit.str().find("<property name=\"set\" value=\"spec.duration=4s\"/>"),
            std::string::npos)
      << junit.str();
  EXPECT_NE(junit.str().find("<property name=\"kcsim_commit\""), std::string::npos);
  EXPECT_NE(junit.str().find("<testcase name=\"never\" classname=\"small\" time=\""),
            std::string::npos)
      << junit.str();
  // The replay command replays it: the same trace hash.
  const Outcome replayed =
      kcsim("run " + file.string() + " --seed 7 --set spec.duration=4s --quiet");
  std::ifstream summary_file(kept / "summary.json");
  const nlohmann::json summary = nlohmann::json::parse(summary_file);
  EXPECT_EQ(replayed.last_line(), "trace_hash " + summary["trace_hash"].get<std::string>());
}

TEST(Cli, ASetTypoIsReportedAgainstSet) {
  const std::string file = scenario_path("failover/etcd-leader-crash.yaml");
  const Outcome o = kcsim("validate " + file + " --set spec.cluster.etcd.memebrs=5");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.out.rfind("--set:", 0), 0u) << o.out;
  EXPECT_NE(o.out.find("did you mean \"members\""), std::string::npos) << o.out;
  // A typo higher up the path, in a key the override creates: --set too.
  const Outcome higher = kcsim("validate " + file + " --set spec.clustr.etcd.members=5");
  EXPECT_EQ(higher.exit_code, 2);
  EXPECT_EQ(higher.out.rfind("--set:", 0), 0u) << higher.out;
  EXPECT_NE(higher.out.find("did you mean \"cluster\""), std::string::npos) << higher.out;
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
