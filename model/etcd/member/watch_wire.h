// What a watching client and a member say to each other over a watch stream (etcd's
// Watch RPC, one watcher per stream), and the receiving side's interface.
//
// A stream is a sim::Network stream: the client opens it, sends WatchOpen, and hears
// that the member has gone by a reset (process crash) or by its own keep-alive pings
// (dead host, partition). The member answers with WatchMessages on the same stream.
#pragma once

#include <cstdint>

#include "model/etcd/member/wire.h"
#include "model/etcd/mvcc/watchers.h"
#include "sim/ids.h"
#include "sim/port.h"

namespace kcsim::etcd {

struct WatchOpen {
  sim::ProcessId client = sim::kNoProcess;
  sim::StreamId stream = sim::kNoStream;
  mvcc::WatchCreateRequest request;
  // clientv3.WithRequireLeader, as kube-apiserver watches: the member refuses the
  // watch while it has no leader, and cancels it after 3 election timeouts without one.
  bool require_leader = true;
};

struct WatchMessage {
  enum class Kind : std::uint8_t {
    kCreated,   // the watcher exists; history replay and events follow
    kEvents,    // `response` carries events of one or more revisions, or none: a
                // progress notification (response.revision, watch_id -1 when requested)
    kCanceled,  // the member ended the watch: `error` says why (no leader, compacted)
    kPong,      // the answer to a keep-alive ping (HTTP/2 PING ack)
  };
  sim::StreamId stream = sim::kNoStream;
  Kind kind = Kind::kEvents;
  ClientError error = ClientError::kOk;
  mvcc::WatchResponse response;
};

// A keep-alive ping on a watch stream (an HTTP/2 PING frame); answered with kPong.
struct WatchPing {
  sim::StreamId stream = sim::kNoStream;
};

// A WatchProgressRequest on a watch stream (clientv3 Watcher.RequestProgress, etcd
// 3.4+): the member answers with a progress notification for the whole stream, a
// kEvents message without events whose revision is the member's current revision
// (watch_id -1), when the stream's watchers are synced; otherwise it drops the request
// (server/etcdserver/api/v3rpc/watch.go recvLoop, WatchRequest_ProgressRequest).
struct WatchProgressRequest {
  sim::StreamId stream = sim::kNoStream;
};

// The member's Watch service, and the watching client's side of the streams.
inline constexpr sim::Port<WatchOpen> kWatchPort{"etcd.watch"};
inline constexpr sim::Port<WatchPing> kWatchPingPort{"etcd.watch_ping"};
inline constexpr sim::Port<WatchProgressRequest> kWatchProgressPort{"etcd.watch_progress"};
inline constexpr sim::Port<WatchMessage> kWatchMessagePort{"etcd.watch_message"};

}  // namespace kcsim::etcd
