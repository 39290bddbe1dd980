// report.html of one run: escaping of every scenario string, the checks failed first,
// the embedded charting library, and the etcd panels with windowed percentiles.
#include "reports/html/run_report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "model/scenario/load.h"
#include "reports/html/chart_library.h"
#include "reports/html/html_escape.h"
#include "reports/record/run_recorder.h"

namespace kcsim::reports {
namespace {

constexpr const char* kHostile = "</script><script>window.kcsimInjected=1</script><!--";

TEST(HtmlEscape, MarkupBecomesText) {
  EXPECT_EQ(markup_escape("<b a=\"1\">&'</b>"), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;&lt;/b&gt;");
  const std::string json = script_json({{"name", kHostile}, {"sep", "a\u2028b"}});
  EXPECT_EQ(json.find('<'), std::string::npos);
  EXPECT_EQ(json.find('>'), std::string::npos);
  EXPECT_NE(json.find("\\u003c/script\\u003e"), std::string::npos);
  EXPECT_NE(json.find("\\u2028"), std::string::npos);
  // Still the same JSON once parsed.
  EXPECT_EQ(nlohmann::json::parse(json)["name"], kHostile);
}

struct Written {
  runner::RunResult result;
  RunRecord record;
  std::string html;
};

Written report_of(const std::string& yaml, const std::string& name_override = "") {
  auto loaded = scenario::parse_scenario(yaml, "hostile.yaml", {});
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().format());
  const scenario::Scenario scenario = loaded.value();
  RunRecorder recorder(scenario);
  runner::RunOptions options;
  options.observer = &recorder;
  Written w;
  w.result = runner::run_scenario(scenario, options);
  if (!name_override.empty()) w.result.scenario = name_override;
  w.record = recorder.finish(w.result.sim_time_s);
  RunReportInput input;
  input.scenario_file = "hostile.yaml";
  input.scenario_source = yaml;
  input.description = scenario.metadata.description;
  input.sets = {std::string("x=") + kHostile};
  input.result = &w.result;
  input.record = &w.record;
  std::ostringstream out;
  std::string warning;
  write_run_report(input, out, warning);
  w.html = out.str();
  return w;
}

std::string hostile_yaml() {
  return std::string(R"(apiVersion: kcsim/v1
kind: Scenario
metadata:
  name: hostile
  description: ")") +
         kHostile + R"("
spec:
  duration: 3s
  cluster:
    pingMesh: {hosts: 3}
  timeline:
    - {at: 1s, name: ")" +
         kHostile + R"(", crashHost: ping-0, for: 1s}
  checks:
    - {name: ")" +
         kHostile + R"(", expect: "ping_replies_total > 0"}
    - {name: "<img src=x onerror=alert(1)>", expect: "ping_replies_total < 0"}
)";
}

TEST(RunReport, NoScenarioStringInjectsMarkupOrScript) {
  // A scenario's name is a DNS label when parsed; the report takes any name all the same.
  const Written w = report_of(hostile_yaml(), "<script>alert(1)</script>");
  EXPECT_EQ(w.html.find(kHostile), std::string::npos);
  EXPECT_EQ(w.html.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(w.html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(w.html.find("window.kcsimInjected"), w.html.find("window.kcsimInjected=1\\u003c"));
  // The title is escaped markup; the data holds the strings, intact once parsed.
  EXPECT_NE(w.html.find("<title>&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  // One script element per: prelude, library, data, page; nothing more opened.
  std::size_t scripts = 0;
  for (std::size_t at = w.html.find("<script"); at != std::string::npos;
       at = w.html.find("<script", at + 1))
    ++scripts;
  std::string error;
  EXPECT_EQ(scripts, chart_library(error) ? 4u : 3u);
}

TEST(RunReport, ChecksFailedFirstAndTheLibraryEmbedded) {
  const Written w = report_of(hostile_yaml());
  RunReportInput input;
  input.result = &w.result;
  input.record = &w.record;
  const nlohmann::ordered_json data = run_report_data(input);
  ASSERT_EQ(data["checks"].size(), 2u);
  EXPECT_EQ(data["checks"][0]["status"], "failed");
  EXPECT_EQ(data["checks"][0]["name"], "<img src=x onerror=alert(1)>");
  EXPECT_EQ(data["checks"][1]["status"], "passed");
  EXPECT_EQ(data["checks"][1]["name"], kHostile);
  std::string error;
  if (chart_library(error)) {
    EXPECT_NE(w.html.find("dygraphs 2.2.1"), std::string::npos);
    EXPECT_EQ(w.html.find("sourceMappingURL"), std::string::npos);  // asks for no file
  } else {
    EXPECT_NE(w.html.find("no charting library"), std::string::npos);
  }
  // No network: nothing is loaded from elsewhere.
  EXPECT_EQ(w.html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(w.html.find("href=\"http"), std::string::npos);
}

TEST(RunReport, WithoutTheLibraryThePageSaysItsPlotsAreMissing) {
  ::setenv("KCSIM_DYGRAPHS_JS", "/nonexistent/dygraph.min.js", 1);
  Written w = report_of(hostile_yaml());
  ::unsetenv("KCSIM_DYGRAPHS_JS");
  RunReportInput input;
  input.result = &w.result;
  input.record = &w.record;
  std::ostringstream out;
  std::string warning;
  EXPECT_TRUE(write_run_report(input, out, warning));  // the library is back
  ::setenv("KCSIM_DYGRAPHS_JS", "/nonexistent/dygraph.min.js", 1);
  EXPECT_FALSE(write_run_report(input, out, warning));
  ::unsetenv("KCSIM_DYGRAPHS_JS");
  EXPECT_NE(warning.find("/nonexistent/dygraph.min.js"), std::string::npos);
  EXPECT_NE(warning.find("libjs-dygraphs"), std::string::npos);
  EXPECT_NE(w.html.find("no charting library"), std::string::npos);
  EXPECT_EQ(w.html.find("dygraphs 2.2.1"), std::string::npos);
}

TEST(RunReport, EtcdPanelsPlotPerIntervalPercentiles) {
  const std::string file =
      std::string(KCSIM_SOURCE_DIR) + "/scenarios/failover/etcd-leader-crash.yaml";
  auto loaded = scenario::load_scenario(file);
  ASSERT_TRUE(loaded.ok());
  RunRecorder recorder(loaded.value());
  runner::RunOptions options;
  options.observer = &recorder;
  const runner::RunResult result = runner::run_scenario(loaded.value(), options);
  const RunRecord record = recorder.finish(result.sim_time_s);
  RunReportInput input;
  input.result = &result;
  input.record = &record;
  const nlohmann::ordered_json data = run_report_data(input);
  std::vector<std::string> titles;
  for (const auto& panel : data["panels"])
    titles.push_back(panel["title"]);
  for (const char* want :
       {"etcd request latency", "etcd committed proposals per second", "etcd leader changes",
        "etcd WAL fsync latency", "etcd pending proposals"}) {
    bool found = false;
    for (const std::string& t : titles)
      found = found || t.rfind(want, 0) == 0;
    EXPECT_TRUE(found) << want;
  }
  // The latency panel: while the leader is down (10s to ~11s) nothing is acknowledged,
  // and the interval after shows the slow requests that waited: its p99 is above the
  // whole run's p99 (which the quiet intervals dilute).
  const auto& latency = data["panels"][0];
  ASSERT_EQ(latency["labels"][3], "p99");
  double worst_ms = 0;
  for (const auto& row : latency["rows"]) {
    if (!row[3].is_null()) worst_ms = std::max(worst_ms, row[3].get<double>());
  }
  EXPECT_GT(worst_ms, *result.metrics->query("etcd_request_duration_seconds.p99") * 1000);
}

}  // namespace
}  // namespace kcsim::reports
