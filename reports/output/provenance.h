// Provenance: what a run's outputs record of how they were made, so that a result found
// later can be traced to the binary and replayed (summary.json, junit.xml).
//
// Contract:
//  - `version` is kcsim's version (CMake's PROJECT_VERSION); `commit` the git commit the
//    build was configured from ("unknown" outside a git checkout). Both are fixed at
//    configure time: a build reconfigured after a commit records the new one.
//  - `sets` are the `--set` overrides in the order given, as typed ("path=value").
//  - The seed is the run's own (RunResult::seed), not part of this struct.
#pragma once

#include <string>
#include <vector>

namespace kcsim::reports {

struct Provenance {
  std::string version;
  std::string commit;
  std::vector<std::string> sets;
};

}  // namespace kcsim::reports
