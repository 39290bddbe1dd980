// Port<M>: a typed endpoint kind. A process that serves messages of type M registers a
// handler for a port (`Process::handle`); a sender addresses a process and a port
// (`ProcessContext::send`), never the receiver's class.
//
// Contract:
//  - A port is a compile-time constant shared by both sides, usually declared in the
//    header that defines the message type ("wire" headers):
//        inline constexpr sim::Port<raft::Message> kRaftPort{"etcd.raft"};
//    The message type is part of the port, so a sender and a receiver cannot disagree
//    on it. The name is also the port's identity (its FNV-1a hash, `key`): two ports of
//    one run must not share a name (checked when a port is first used).
//  - A message to a process that has no handler for the port is dropped with a trace
//    record, like a connection to a port nobody listens on.
//
// Why: senders used to hold a closure that found the receiver by a dynamic_cast to its
// concrete class; every sender knew its receiver's type and could call any of its
// methods. A port is the narrow, typed seam: the receiver decides what it accepts.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/random.h"

namespace kcsim::sim {

template <typename M>
struct Port {
  using Message = M;
  constexpr explicit Port(std::string_view port_name) : name(port_name), key(fnv1a64(port_name)) {}
  std::string_view name;
  std::uint64_t key;
};

}  // namespace kcsim::sim
