// report.html as a person sees it: each report is opened in headless Chromium, which
// must load it with no error (the page records errors and console.error calls in
// data-kcsim-errors, and Chromium logs uncaught ones) and draw its plots (the page sets
// data-kcsim-rendered to the number of charts once drawn; each is a canvas). A
// screenshot of the leader-crash report is kept in build/.../artifacts/.
//
// Chromium comes from tools/setup.sh. Without it the tests are skipped with a message,
// unless CI or KCSIM_REQUIRE_CHROMIUM is set: then its absence fails them.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/support/shell.h"

namespace {

namespace fs = std::filesystem;

using kcsim_test::Outcome;
using kcsim_test::shell;

std::string quote(const std::string& text) {
  return "'" + text + "'";
}

std::string chromium_path() {
  for (const char* candidate : {"chromium", "chromium-browser"}) {
    const Outcome found = shell(std::string("command -v ") + candidate + " 2>/dev/null");
    if (found.exit_code == 0 && !found.out.empty())
      return found.out.substr(0, found.out.find('\n'));
  }
  return {};
}

bool chromium_required() {
  return std::getenv("CI") != nullptr || std::getenv("KCSIM_REQUIRE_CHROMIUM") != nullptr;
}

#define REQUIRE_CHROMIUM(path)                                                          \
  const std::string path = chromium_path();                                             \
  if (path.empty()) {                                                                   \
    if (chromium_required()) FAIL() << "chromium is not installed (tools/setup.sh)";    \
    GTEST_SKIP() << "chromium is not installed: run tools/setup.sh to test the report " \
                    "in a browser";                                                     \
  }

// A profile folder per page: ctest runs these tests in parallel, and two Chromiums
// cannot share one.
std::string chromium_flags(const fs::path& profile) {
  return " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
         " --disable-extensions --hide-scrollbars --window-size=1400,2400"
         " --virtual-time-budget=10000 --enable-logging=stderr --v=0"
         " --user-data-dir=" +
         quote(profile.string());
}

struct Page {
  std::string dom;
  std::string log;
};

// The page's DOM after its scripts ran, and what Chromium logged.
Page open_page(const std::string& chromium, const fs::path& html) {
  const fs::path log = html.parent_path() / "chromium.log";
  const Outcome o = shell(
      "timeout 180 " + chromium + chromium_flags(html.parent_path() / "profile") + " --dump-dom " +
      quote("file://" + fs::absolute(html).string()) + " 2>" + quote(log.string()));
  EXPECT_EQ(o.exit_code, 0) << o.out;
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {o.out, text};
}

int attribute(const std::string& dom, const std::string& name) {
  const std::regex pattern(name + "=\"([0-9]+)\"");
  std::smatch match;
  if (!std::regex_search(dom, match, pattern)) return -1;
  return std::stoi(match[1]);
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

void expect_clean(const Page& page) {
  EXPECT_EQ(attribute(page.dom, "data-kcsim-errors"), -1) << page.dom.substr(0, 2000);
  EXPECT_EQ(page.log.find("Uncaught"), std::string::npos) << page.log;
}

fs::path artifacts(const std::string& name) {
  const fs::path dir = fs::path(KCSIM_ARTIFACT_DIR) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(ReportInBrowser, ALeaderCrashReportDrawsEveryPlotWithoutErrors) {
  REQUIRE_CHROMIUM(chromium);
  const fs::path dir = artifacts("etcd-leader-crash");
  const std::string scenario =
      std::string(KCSIM_SOURCE_DIR) + "/scenarios/failover/etcd-leader-crash.yaml";
  const Outcome run = shell(std::string(KCSIM_BINARY) + " run " + quote(scenario) + " --out " +
                            quote(dir.string()) + " 2>&1");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const Page page = open_page(chromium, dir / "report.html");
  expect_clean(page);
  const int charts = attribute(page.dom, "data-kcsim-rendered");
  EXPECT_GE(charts, 5);  // the five etcd panels at least
  EXPECT_GE(static_cast<int>(count_of(page.dom, "<canvas")), charts);
  // The timeline: a lane per process, the crash drawn, the timeline's mark named.
  EXPECT_NE(page.dom.find("class=\"seg s-crashed\""), std::string::npos);
  EXPECT_NE(page.dom.find("class=\"role r-leader\""), std::string::npos);
  EXPECT_NE(page.dom.find("<span>leader crash</span>"), std::string::npos);
  // A screenshot to look at, kept with the build.
  const fs::path png = fs::path(KCSIM_ARTIFACT_DIR) / "etcd-leader-crash-report.png";
  fs::remove(png);
  const Outcome shot = shell("timeout 180 " + chromium + chromium_flags(dir / "profile") +
                             " --screenshot=" + quote(png.string()) + " " +
                             quote("file://" + (dir / "report.html").string()) + " 2>/dev/null");
  EXPECT_EQ(shot.exit_code, 0);
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 20'000u);  // a drawn page, not a blank one
}

TEST(ReportInBrowser, AHostileScenarioStaysText) {
  REQUIRE_CHROMIUM(chromium);
  const fs::path dir = artifacts("hostile");
  const std::string payload =
      "</script><script>document.documentElement.setAttribute('data-injected','1')</script>"
      "<img src=x onerror=\\\"document.documentElement.setAttribute('data-injected','2')\\\">";
  const std::string yaml = std::string(R"(apiVersion: kcsim/v1
kind: Scenario
metadata:
  name: hostile
  description: ")") + payload +
                           R"("
spec:
  duration: 3s
  cluster:
    pingMesh: {hosts: 3}
  timeline:
    - {at: 1s, name: ")" + payload +
                           R"(", crashHost: ping-0, for: 1s}
  checks:
    - {name: ")" + payload +
                           R"(", expect: "ping_replies_total > 0"}
)";
  const fs::path file = dir / "hostile.yaml";
  std::ofstream(file) << yaml;
  const Outcome run = shell(std::string(KCSIM_BINARY) + " run " + quote(file.string()) + " --out " +
                            quote(dir.string()) + " 2>&1");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const Page page = open_page(chromium, dir / "report.html");
  expect_clean(page);
  EXPECT_EQ(page.dom.find("data-injected=\""), std::string::npos);
  // Shown, as text: the markup is escaped in the DOM.
  EXPECT_NE(page.dom.find("&lt;/script&gt;&lt;script&gt;document.documentElement"),
            std::string::npos);
  EXPECT_GE(attribute(page.dom, "data-kcsim-rendered"), 1);
}

TEST(ReportInBrowser, ManySeedsShowDistributions) {
  REQUIRE_CHROMIUM(chromium);
  const fs::path dir = artifacts("seeds");
  const std::string scenario =
      std::string(KCSIM_SOURCE_DIR) + "/scenarios/failover/etcd-leader-crash.yaml";
  const Outcome run = shell(std::string(KCSIM_BINARY) + " run " + quote(scenario) +
                            " --seeds 1..4 --jobs 2 --out " + quote(dir.string()) + " 2>&1");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.out.find("ETA"), std::string::npos);  // not a terminal: no progress bar
  EXPECT_NE(run.out.find("4 of 4 runs passed"), std::string::npos) << run.out;
  std::ifstream summary_file(dir / "summary.json");
  const nlohmann::json summary = nlohmann::json::parse(summary_file);
  EXPECT_EQ(summary["runs"], 4);
  EXPECT_EQ(summary["failing_seeds"].size(), 0u);
  std::ifstream csv(dir / "seeds.csv");
  std::size_t lines = 0;
  for (std::string line; std::getline(csv, line);)
    ++lines;
  EXPECT_EQ(lines, 5u);
  const Page page = open_page(chromium, dir / "report.html");
  expect_clean(page);
  EXPECT_GE(attribute(page.dom, "data-kcsim-rendered"), 4);
}

}  // namespace
