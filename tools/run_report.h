// What `kcsim run` and `kcsim test` print of a run, and the provenance they record.
//
// Contract:
//  - print_checks: one line per check, "  PASS name: detail" (values with units).
//  - print_digest: the run's digest (runner/digest.h), one indented line each.
//  - provenance(): this binary's version and commit (fixed at configure time) with the
//    run's --set overrides; version_text() what `kcsim --version` prints.
//  - replay_command: the exact `kcsim run` command line that replays a run of `file`
//    with its seed and overrides, quoted for a POSIX shell.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "model/runner/run.h"
#include "reports/output/provenance.h"

namespace kcsim::tools {

void print_checks(const runner::RunResult& result, std::ostream& out, bool failed_only = false);
void print_digest(const runner::RunResult& result, std::ostream& out);

reports::Provenance provenance(const std::vector<std::string>& sets);
std::string version_text();

std::string replay_command(const std::string& file, const runner::RunResult& result,
                           const std::vector<std::string>& sets, const std::string& out_dir);

// summary.json and metrics.csv (and the components' files) into `dir`; false on an
// I/O error.
bool write_run_outputs(const std::string& dir, const runner::RunResult& result,
                       const reports::Provenance& provenance);

}  // namespace kcsim::tools
