// Bytes on the wire of a watch message: a header and, per event, its key and value
// (and the previous value when the watcher asked for it), as etcd's protobuf encodes
// them to within a few bytes. Sizes decide link serialisation time.
#pragma once

#include <cstdint>

#include "model/etcd/member/watch_wire.h"

namespace kcsim::etcd {

inline std::uint64_t watch_message_bytes(const WatchMessage& message) {
  constexpr std::uint64_t kHeaderBytes = 64;
  constexpr std::uint64_t kEventOverheadBytes = 40;  // revisions, version, lease, type
  std::uint64_t bytes = kHeaderBytes;
  for (const mvcc::Event& event : message.response.events) {
    bytes += kEventOverheadBytes + event.kv.key.size() + event.kv.value.size();
    if (event.prev_kv) bytes += kEventOverheadBytes + event.prev_kv->value.size();
  }
  return bytes;
}

}  // namespace kcsim::etcd
