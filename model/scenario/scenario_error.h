// ScenarioError: one precise complaint about a scenario file, as a value.
//
// Contract:
//  - Names the file, the 1-based line and column of the offending node, the key path
//    ("spec.timeline[2].for") and a message that says what was expected and what was
//    found. `format()` renders "FILE:LINE:COL: KEY.PATH: MESSAGE", the shape compilers
//    use, so editors jump to it.
//  - A `--set` override that is at fault is reported against the file "--set", line 1,
//    with the column inside "path=value".
//  - Loading stops at the first error: one error, never a cascade of consequences.
#pragma once

#include <string>

namespace kcsim::scenario {

// A 1-based position in a source text; 0 means "unknown".
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

struct ScenarioError {
  std::string file;
  int line = 0;    // 1-based; 0 when the error has no position (e.g. an unreadable file)
  int column = 0;  // 1-based
  std::string key_path;
  std::string message;

  // "FILE:LINE:COL: KEY.PATH: MESSAGE"; the position and the key path are left out
  // when unknown.
  std::string format() const;
};

}  // namespace kcsim::scenario
