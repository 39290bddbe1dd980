#include "reports/output/junit_xml.h"

#include <fmt/format.h>

#include "sim/trace.h"

namespace kcsim::reports {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void write_junit_xml(const std::vector<JunitSuite>& suites, std::ostream& out) {
  std::size_t tests = 0, failures = 0, errors = 0;
  for (const JunitSuite& suite : suites) {
    if (suite.result == nullptr) {
      ++tests;
      ++errors;
      continue;
    }
    tests += suite.result->checks.size();
    for (const auto& check : suite.result->checks) {
      failures += check.status == scenario::CheckStatus::kFailed ? 1 : 0;
      errors += check.status == scenario::CheckStatus::kUndecided ? 1 : 0;
    }
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"kcsim\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     tests, failures, errors);
  for (const JunitSuite& suite : suites) {
    if (suite.result == nullptr) {
      out << fmt::format("  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\">\n",
                         xml_escape(suite.file));
      out << fmt::format("    <testcase name=\"load\" classname=\"{}\">\n", xml_escape(suite.file));
      out << fmt::format("      <error message=\"{}\"/>\n", xml_escape(suite.error));
      out << "    </testcase>\n  </testsuite>\n";
      continue;
    }
    const runner::RunResult& r = *suite.result;
    std::size_t suite_failures = 0, suite_errors = 0;
    for (const auto& check : r.checks) {
      suite_failures += check.status == scenario::CheckStatus::kFailed ? 1 : 0;
      suite_errors += check.status == scenario::CheckStatus::kUndecided ? 1 : 0;
    }
    out << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
        xml_escape(r.scenario), r.checks.size(), suite_failures, suite_errors, r.wall_time_s);
    out << "    <properties>\n";
    out << fmt::format("      <property name=\"file\" value=\"{}\"/>\n", xml_escape(suite.file));
    out << fmt::format("      <property name=\"seed\" value=\"{}\"/>\n", r.seed);
    out << fmt::format("      <property name=\"trace_hash\" value=\"{}\"/>\n",
                       sim::Trace::hex(r.trace_hash));
    out << "    </properties>\n";
    for (const auto& check : r.checks) {
      out << fmt::format("    <testcase name=\"{}\" classname=\"{}\"", xml_escape(check.name),
                         xml_escape(r.scenario));
      if (check.status == scenario::CheckStatus::kPassed) {
        out << "/>\n";
      } else if (check.status == scenario::CheckStatus::kUndecided) {
        out << fmt::format(">\n      <error message=\"undecided: {}\"/>\n    </testcase>\n",
                           xml_escape(check.detail));
      } else {
        out << fmt::format(">\n      <failure message=\"{}\"/>\n    </testcase>\n",
                           xml_escape(check.detail));
      }
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace kcsim::reports
