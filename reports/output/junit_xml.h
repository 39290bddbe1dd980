// junit.xml: the results of `kcsim test`, one <testsuite> per scenario and one <testcase>
// per check, in the JUnit XML form CI systems read.
//
// Contract:
//  - A failed check is a <failure> whose message is the check's detail; an undecided
//    check (check_monitor.h) is an <error> whose message is "undecided: " and the detail,
//    since it neither passed nor failed; a check not evaluated (the run was interrupted
//    before its verdict) is <skipped> with the reason, so a CI timeout never looks like a
//    regression.
//  - A scenario that could not be loaded is a suite with one <error> (case "load"); a
//    scenario not reached (the test run was interrupted first) is a suite with one
//    <skipped> case "run" saying so.
//  - Time: a suite's `time` is the run's wall time in seconds. A check has no time of its
//    own (all are decided in one run), so the run's wall time is shared evenly among its
//    cases: their times add up to the suite's.
//  - Properties carry the file, seed (decimal, exact), trace hash and provenance
//    (kcsim version, commit, each --set), so that a failing run can be replayed exactly.
//  - The <testsuites> root counts tests, failures, errors and skipped over all suites.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "model/runner/run.h"
#include "reports/output/provenance.h"

namespace kcsim::reports {

struct JunitSuite {
  std::string file;                           // the scenario file
  const runner::RunResult* result = nullptr;  // null when the scenario did not run
  std::string error;                          // why it did not load
  std::string skipped;                        // or why it was not run (when `error` is empty)
};

void write_junit_xml(const std::vector<JunitSuite>& suites, std::ostream& out,
                     const Provenance& provenance = {});

}  // namespace kcsim::reports
