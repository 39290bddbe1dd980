// junit.xml: the results of `kcsim test`, one <testsuite> per scenario run and one
// <testcase> per check, in the JUnit XML form CI systems read. A failed check is a
// <failure> whose message is the check's detail; an undecided check (check_monitor.h) is
// an <error> whose message is "undecided: " and the detail, since it neither passed nor
// failed; a scenario that could not be loaded is a suite with one <error>. Properties carry the
// seed and trace hash, so that a failing run can be replayed exactly.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "model/runner/run.h"

namespace kcsim::reports {

struct JunitSuite {
  std::string file;                           // the scenario file
  const runner::RunResult* result = nullptr;  // null when the scenario did not load
  std::string error;                          // why it did not load
};

void write_junit_xml(const std::vector<JunitSuite>& suites, std::ostream& out);

std::string xml_escape(std::string_view text);

}  // namespace kcsim::reports
