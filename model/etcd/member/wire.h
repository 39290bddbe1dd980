// What etcd's clients and members say to each other over the simulated network, and
// the errors a caller sees, named as etcd's clients see them (rpctypes).
#pragma once

#include <cstdint>
#include <string_view>

#include "model/etcd/mvcc/error.h"
#include "model/etcd/mvcc/requests.h"
#include "model/etcd/raft/entry.h"
#include "sim/ids.h"
#include "sim/port.h"

namespace kcsim::etcd {

enum class ClientError : std::uint8_t {
  kOk,
  kNoLeader,       // "etcdserver: no leader" (the member knows no leader)
  kTimeout,        // "etcdserver: request timed out" (may or may not have applied)
  kNoSpace,        // "etcdserver: mvcc: database space exceeded"
  kTooLarge,       // "etcdserver: request is too large"
  kCompacted,      // "etcdserver: mvcc: required revision has been compacted"
  kLeaderChanged,  // "etcdserver: leader changed" (a read's ReadIndex was cut short)
  kClientTimeout,  // the client's own deadline passed with no answer
  kUnavailable,    // the endpoint refused the connection (its process is down)
  kFailed,         // any other error of the store (lease not found, ...): refused when applied
  // The cluster API (etcdctl member ...):
  kUnhealthy,         // "etcdserver: unhealthy cluster" (the change would risk the quorum)
  kNotEnoughStarted,  // "etcdserver: re-configuration failed due to not enough started members"
  kLearnerNotReady,  // "etcdserver: can only promote a learner member which is in sync with leader"
  kNotLearner,       // "etcdserver: can only promote a learner member"
  kTooManyLearners,  // "etcdserver: too many learner members in cluster"
  kMemberNotFound,   // "etcdserver: member not found"
  kMemberExists,     // "etcdserver: member ID already exist"
};

// The client-side error for a store error.
ClientError from_store_error(mvcc::Error error);

std::string_view to_string(ClientError error);

struct ClientRequest {
  sim::ProcessId client = sim::kNoProcess;
  std::uint64_t request_id = 0;  // the client's own, echoed in the response
  mvcc::Request request;
};

struct ClientResponse {
  std::uint64_t request_id = 0;
  ClientError error = ClientError::kOk;
  mvcc::Response response;
};

// A lease keep-alive (one LeaseKeepAliveRequest of clientv3's keep-alive stream). The
// answer is a ClientResponse with a mvcc::LeaseKeepAliveResponse.
struct LeaseKeepAlive {
  sim::ProcessId client = sim::kNoProcess;
  std::uint64_t request_id = 0;
  mvcc::LeaseId lease = mvcc::kNoLease;
  bool forwarded = false;  // sent on by a follower to its leader
};

// etcd's cluster API: `etcdctl member add [--learner] | remove | promote`.
enum class MemberOp : std::uint8_t { kAdd, kAddLearner, kRemove, kPromote };

std::string_view to_string(MemberOp op);

struct MemberRequest {
  sim::ProcessId client = sim::kNoProcess;
  std::uint64_t request_id = 0;
  MemberOp op = MemberOp::kAdd;
  raft::NodeId node = raft::kNoNode;
};

// The ports of a member's client API (etcd's gRPC services) and of its clients, which
// receive every answer on kResponsePort.
inline constexpr sim::Port<ClientRequest> kKvPort{"etcd.kv"};
inline constexpr sim::Port<MemberRequest> kClusterPort{"etcd.cluster"};
inline constexpr sim::Port<LeaseKeepAlive> kLeaseKeepAlivePort{"etcd.lease_keepalive"};
inline constexpr sim::Port<ClientResponse> kResponsePort{"etcd.response"};

}  // namespace kcsim::etcd
