// A synthetic watcher: a process that watches the clients' key space (/kcsim/) the way
// kube-apiserver's storage layer watches etcd, and records what it receives in the
// cluster's watch log for the watch checker.
//
// What it does on a halt, as client-go's reflector does one level up:
//  - "no leader" (a require-leader watch canceled after 3 election timeouts without a
//    leader): watch again from the next revision after a backoff, so nothing is missed;
//  - "compacted": the history it needed is gone; the reflector would relist, this
//    watcher starts again from the current revision (the gap is not checked: a new
//    segment starts).
// Metrics: etcd_watch_halts_total{reason}, etcd_watch_resumes_total (streams resumed
// on another member), etcd_watch_events_received_total.
#pragma once

#include <cstdint>
#include <memory>

#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/watch_stream.h"
#include "sim/process.h"

namespace kcsim::etcd {

class EtcdWatcher final : public sim::Process, public WatchStreamHandler {
 public:
  static constexpr sim::Time kRewatchBackoff = sim::kSecond;

  EtcdWatcher(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
              WatchStreamConfig config, std::int64_t watcher_id);
  void start() override;
  void on_watch_message(const WatchMessage& message);
  void on_watch_events(const mvcc::WatchResponse& response) override;
  void on_watch_halted(ClientError error, std::int64_t compact_revision) override;

 private:
  void watch_from(std::int64_t revision, bool new_segment);

  std::shared_ptr<ClusterState> cluster_;
  std::int64_t watcher_id_;
  WatchStream stream_;
  std::uint64_t resumes_seen_ = 0;
  std::size_t segment_ = 0;
  bool segment_open_ = false;
};

}  // namespace kcsim::etcd
