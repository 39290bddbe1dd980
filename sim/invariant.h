// Invariants that run: KCSIM_ASSERT(condition) and KCSIM_ASSERT_MSG(condition, why) stop
// the run when a protocol invariant is broken, in every build type (unlike `assert`,
// which NDEBUG removes from the Release and sanitizer builds that run the tests).
#pragma once

#include <cstdio>
#include <cstdlib>

namespace kcsim::sim {

[[noreturn]] inline void invariant_failed(const char* file, int line, const char* condition,
                                          const char* why) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s%s%s\n", file, line, condition,
               why[0] != '\0' ? ": " : "", why);
  std::abort();
}

}  // namespace kcsim::sim

#define KCSIM_ASSERT(condition)                      \
  (__builtin_expect(static_cast<bool>(condition), 1) \
       ? static_cast<void>(0)                        \
       : ::kcsim::sim::invariant_failed(__FILE__, __LINE__, #condition, ""))
#define KCSIM_ASSERT_MSG(condition, why)             \
  (__builtin_expect(static_cast<bool>(condition), 1) \
       ? static_cast<void>(0)                        \
       : ::kcsim::sim::invariant_failed(__FILE__, __LINE__, #condition, why))
