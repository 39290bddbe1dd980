#include "sim/invariant.h"

#include <cstdio>
#include <cstdlib>

namespace kcsim::sim {

void invariant_failed(const char* file, int line, const char* condition, const char* message) {
  if (message != nullptr) {
    std::fprintf(stderr, "%s:%d: invariant failed: %s: %s\n", file, line, condition, message);
  } else {
    std::fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, condition);
  }
  std::fflush(stderr);
  std::abort();
}

}  // namespace kcsim::sim
