#include "sim/mailroom.h"

namespace kcsim::sim {

std::size_t Mailroom::in_flight() const {
  std::size_t total = 0;
  for (const auto& [key, pool] : pools_)  // a sum: the order does not matter
    total += pool->in_flight();
  return total;
}

}  // namespace kcsim::sim
