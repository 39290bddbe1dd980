// Running a command as a user would, for the tests of the command line: its exit code
// and what it printed.
//
// Contract:
//  - shell(command) runs `command` with /bin/sh (popen) and returns its stdout and exit
//    code; -1 when it could not start or did not exit normally (a signal). Add " 2>&1"
//    to the command to get stderr too.
//  - kcsim(args), in a test built with KCSIM_BINARY defined (the kcsim under test, set
//    by the test's CMakeLists), runs "KCSIM_BINARY args 2>&1": stdout and stderr in one.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace kcsim_test {

struct Outcome {
  int exit_code = -1;
  std::string out;

  bool has(const std::string& text) const { return out.find(text) != std::string::npos; }
  std::string last_line() const {
    std::string text = out;
    while (!text.empty() && text.back() == '\n')
      text.pop_back();
    const std::size_t newline = text.rfind('\n');
    return text.substr(newline == std::string::npos ? 0 : newline + 1);
  }
};

inline Outcome shell(const std::string& command) {
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    outcome.out.append(buffer, n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

#ifdef KCSIM_BINARY
inline Outcome kcsim(const std::string& args) {
  return shell(std::string(KCSIM_BINARY) + " " + args + " 2>&1");
}
#endif

}  // namespace kcsim_test
