// Text forms of Raft values, close to etcd-io/raft's Describe* functions, for the
// script tests, the narrated log and debugging. Stable: tests compare them.
#pragma once

#include <string>

#include "model/etcd/raft/entry.h"
#include "model/etcd/raft/message.h"
#include "model/etcd/raft/raft_node.h"
#include "model/etcd/raft/ready.h"

namespace kcsim::etcd::raft {

// "2/5 EntryNormal \"data\"" or "2/3 EntryConfChange add-voter 4".
std::string describe(const Entry& entry);
// "1->2 MsgApp Term:2 Log:1/3 Commit:3 Entries:[2/4 EntryNormal \"a\"]".
std::string describe(const Message& message);
std::string describe(const HardState& hard_state);
std::string describe(const SnapshotMetadata& metadata);
std::string describe(const ConfState& conf_state);
// Multi-line, each line prefixed by `indent`.
std::string describe(const Ready& ready, const std::string& indent);
std::string describe(const Status& status);

}  // namespace kcsim::etcd::raft
