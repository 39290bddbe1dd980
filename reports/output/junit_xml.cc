#include "reports/output/junit_xml.h"

#include <fmt/format.h>

#include "reports/html/markup_escape.h"
#include "sim/trace.h"

namespace kcsim::reports {
namespace {

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

Counts count(const JunitSuite& suite) {
  Counts c;
  if (suite.result == nullptr) {
    c.tests = 1;
    (suite.error.empty() ? c.skipped : c.errors) = 1;
    return c;
  }
  for (const scenario::CheckResult& check : suite.result->checks) {
    ++c.tests;
    c.failures += check.status == scenario::CheckStatus::kFailed ? 1 : 0;
    c.errors += check.status == scenario::CheckStatus::kUndecided ? 1 : 0;
    c.skipped += check.status == scenario::CheckStatus::kNotEvaluated ? 1 : 0;
  }
  return c;
}

std::string counts_attributes(const Counts& c) {
  return fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\"", c.tests,
                     c.failures, c.errors, c.skipped);
}

void property(std::ostream& out, std::string_view name, std::string_view value) {
  out << fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, markup_escape(value));
}

void write_provenance(std::ostream& out, const Provenance& provenance) {
  if (!provenance.version.empty()) property(out, "kcsim_version", provenance.version);
  if (!provenance.commit.empty()) property(out, "kcsim_commit", provenance.commit);
  for (const std::string& set : provenance.sets)
    property(out, "set", set);
}

// A suite that did not run: one case, "load" with an <error>, or "run" <skipped>.
void write_not_run(std::ostream& out, const JunitSuite& suite, const Provenance& provenance) {
  out << fmt::format("  <testsuite name=\"{}\" {} time=\"0\">\n", markup_escape(suite.file),
                     counts_attributes(count(suite)));
  out << "    <properties>\n";
  property(out, "file", suite.file);
  write_provenance(out, provenance);
  out << "    </properties>\n";
  if (!suite.error.empty()) {
    out << fmt::format("    <testcase name=\"load\" classname=\"{}\" time=\"0\">\n",
                       markup_escape(suite.file));
    out << fmt::format("      <error message=\"{}\"/>\n", markup_escape(suite.error));
  } else {
    out << fmt::format("    <testcase name=\"run\" classname=\"{}\" time=\"0\">\n",
                       markup_escape(suite.file));
    out << fmt::format("      <skipped message=\"{}\"/>\n", markup_escape(suite.skipped));
  }
  out << "    </testcase>\n  </testsuite>\n";
}

}  // namespace

void write_junit_xml(const std::vector<JunitSuite>& suites, std::ostream& out,
                     const Provenance& provenance) {
  Counts total;
  for (const JunitSuite& suite : suites) {
    const Counts c = count(suite);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.skipped += c.skipped;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"kcsim\" {}>\n", counts_attributes(total));
  for (const JunitSuite& suite : suites) {
    if (suite.result == nullptr) {
      write_not_run(out, suite, provenance);
      continue;
    }
    const runner::RunResult& r = *suite.result;
    out << fmt::format("  <testsuite name=\"{}\" {} time=\"{:.3f}\">\n", markup_escape(r.scenario),
                       counts_attributes(count(suite)), r.wall_time_s);
    out << "    <properties>\n";
    property(out, "file", suite.file);
    property(out, "seed", std::to_string(r.seed));
    property(out, "trace_hash", sim::Trace::hex(r.trace_hash));
    write_provenance(out, provenance);
    out << "    </properties>\n";
    const double case_time =
        r.checks.empty() ? 0.0 : r.wall_time_s / static_cast<double>(r.checks.size());
    for (const auto& check : r.checks) {
      out << fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3f}\"",
                         markup_escape(check.name), markup_escape(r.scenario), case_time);
      switch (check.status) {
        case scenario::CheckStatus::kPassed:
          out << "/>\n";
          continue;
        case scenario::CheckStatus::kUndecided:
          out << fmt::format(">\n      <error message=\"undecided: {}\"/>\n",
                             markup_escape(check.detail));
          break;
        case scenario::CheckStatus::kNotEvaluated:
          out << fmt::format(">\n      <skipped message=\"{}\"/>\n", markup_escape(check.detail));
          break;
        case scenario::CheckStatus::kFailed:
          out << fmt::format(">\n      <failure message=\"{}\"/>\n", markup_escape(check.detail));
          break;
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace kcsim::reports
