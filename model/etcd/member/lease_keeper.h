// A process that holds a lease with a key attached to it and keeps the lease alive, as
// clientv3's lessor does for its callers (kube-apiserver's lease endpoint reconciler
// holds its key so, with a 15s TTL).
//
// What it does:
//  - Grants a lease of `ttl` (the keeper picks the lease id: unique per keeper and
//    grant) and puts `/kcsim/lease-N` attached to it. On an error it tries again 1s
//    later, with a new lease.
//  - Keeps it alive over one keep-alive stream to one member, as clientv3's
//    sendKeepAliveLoop: every 500ms, if the next keep-alive is due, it sends one. An
//    answer with a TTL schedules the next at TTL/3 and moves the deadline to TTL from
//    now; before any answer the deadline is 5s (clientv3's defaultTTL).
//  - The stream moves to the next member when it breaks: the member's process is down
//    on a live host (a reset), the member answers with an error (etcd ends the stream),
//    or nothing has been heard for gRPC's keep-alive time and timeout (30s + 10s) while
//    keep-alives are unanswered (a dead host, a partition).
//  - The lease is lost when an answer says TTL 0 (the lease is gone) or the deadline
//    passes with no answer: etcd_lease_keepalive_lost_total counts it, and the keeper
//    starts over with a new lease 1s later.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/kv_client.h"
#include "sim/process.h"

namespace kcsim::etcd {

struct LeaseKeeperConfig {
  std::int64_t ttl_seconds = 15;
  sim::Time keepalive_time = 30 * sim::kSecond;  // gRPC keep-alive, as the watchers'
  sim::Time keepalive_timeout = 10 * sim::kSecond;
};

class LeaseKeeper final : public sim::Process {
 public:
  static constexpr sim::Time kSendInterval = 500 * sim::kMillisecond;  // clientv3 retryConnWait
  static constexpr sim::Time kFirstDeadline = 5 * sim::kSecond;        // clientv3 defaultTTL
  static constexpr sim::Time kRetryAfter = sim::kSecond;
  static constexpr sim::Time kCallTimeout = 5 * sim::kSecond;

  LeaseKeeper(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
              LeaseKeeperConfig config, std::int64_t keeper_id);
  void start() override;
  void on_response(ClientResponse response);

  const std::string& key() const { return key_; }

 private:
  void acquire();
  void retry_later();
  void tick();
  void send_keep_alive();
  void break_stream();
  void lost(const char* why);

  std::shared_ptr<ClusterState> cluster_;
  LeaseKeeperConfig config_;
  std::int64_t keeper_id_;
  std::string key_;
  KvClient client_;
  std::vector<sim::ProcessId> endpoints_;
  std::size_t endpoint_ = 0;  // the keep-alive stream's member
  std::uint64_t grants_ = 0;
  mvcc::LeaseId lease_ = mvcc::kNoLease;
  bool keeping_ = false;
  sim::Time next_keep_alive_ = 0;
  sim::Time deadline_ = 0;
  sim::Time stream_heard_ = 0;                  // last answer on the stream, or when it was opened
  bool unanswered_ = false;                     // a keep-alive was sent since the last answer
  std::uint64_t next_request_id_ = 1ULL << 62;  // apart from the KvClient's ids
};

}  // namespace kcsim::etcd
