// The watch side of an etcd member (etcd's v3rpc watchServer over the watchable store):
// one store watcher per client stream, the history replay and later events sent down
// the stream, and etcd's leader monitor for streams that require a leader.
//
// Contract:
//  - open: a stream whose client asked for a leader is refused with "no leader" while
//    the member has none. A start revision below the store's compact revision is
//    refused with "compacted" (the compact revision in the response). Otherwise the
//    member answers kCreated, then the replay, then every later matching change.
//    A refusal closes the stream.
//  - deliver: the responses the store produced by an apply (or a snapshot restore) go
//    to their streams in watch-id order; a compaction notice from a restore cancels.
//  - leader_check, once per election timeout (etcd's monitorLeader): after
//    kNoLeaderChecksMax checks in a row without a leader, every require-leader stream
//    is canceled with "no leader" ("We are more conservative on canceling existing
//    streams", etcd's interceptor.go).
//  - A stream whose client went away (a FIN or a reset reached the member) loses its
//    watcher. A crash of the member loses them all with the store object; the kernel
//    resets the streams, so the clients learn at once (or by their keep-alive).
//  - Pings (HTTP/2 PING frames) are answered by the process, with no CPU charged.
//  - request_progress (a WatchProgressRequest on the stream): a progress notification
//    (kEvents, no events, watch_id -1, the store's current revision) when the stream's
//    watcher is synced (mvcc::Watchers::request_progress_all), else nothing: the
//    request is dropped and the client asks again. It follows every event already sent
//    on the stream (one FIFO stream), so the revision promises the client has seen all
//    changes up to it. A request on a stream that has no watcher (refused, canceled,
//    not yet created) gets nothing. No CPU is charged (a tiny message, answered from
//    memory by the stream's recvLoop).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "model/etcd/member/watch_wire.h"
#include "model/etcd/mvcc/store.h"
#include "sim/metrics.h"
#include "sim/process.h"

namespace kcsim::etcd {

struct WatchServerMetrics {
  sim::Gauge& watchers;  // etcd_debugging_mvcc_watcher_total
  sim::Counter& events;  // etcd_debugging_mvcc_events_total (events sent)
  // Progress notifications sent for RequestProgress (kcsim's: etcd has no metric).
  sim::Counter& progress_notifications;
};

class WatchServer {
 public:
  static constexpr int kNoLeaderChecksMax = 3;  // etcd's maxNoLeaderCnt

  WatchServer(sim::ProcessContext& member, mvcc::Store& store, WatchServerMetrics metrics)
      : member_(member), store_(store), metrics_(metrics) {}
  ~WatchServer();
  WatchServer(const WatchServer&) = delete;
  WatchServer& operator=(const WatchServer&) = delete;

  void open(const WatchOpen& request, bool has_leader);
  void on_stream_closed(sim::StreamId stream);
  void ping(sim::ProcessId client, sim::StreamId stream);
  void request_progress(sim::StreamId stream);
  void deliver(std::vector<mvcc::WatchResponse> responses);
  void leader_check(bool has_leader);
  std::size_t size() const { return streams_.size(); }

 private:
  struct Served {
    sim::ProcessId client = sim::kNoProcess;
    mvcc::WatchId watch_id = mvcc::kInvalidWatchId;
    bool require_leader = true;
  };

  void send(sim::ProcessId client, WatchMessage message);
  void cancel(sim::StreamId stream, ClientError error, mvcc::WatchResponse response = {});
  void update_gauge();

  sim::ProcessContext& member_;
  mvcc::Store& store_;
  WatchServerMetrics metrics_;
  std::map<sim::StreamId, Served> streams_;
  std::map<mvcc::WatchId, sim::StreamId> stream_of_watch_;
  int no_leader_checks_ = 0;
};

}  // namespace kcsim::etcd
