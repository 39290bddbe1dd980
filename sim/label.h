// A static name for a kind of event ("raft.tick", "net.deliver"), with its hash
// computed once at compile time, so that tracing an event costs no string work.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/random.h"

namespace kcsim::sim {

struct Label {
  constexpr explicit Label(std::string_view label_text)
      : text(label_text), hash(fnv1a64(label_text)) {}
  std::string_view text;
  std::uint64_t hash;
};

}  // namespace kcsim::sim
