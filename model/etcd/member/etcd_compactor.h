// kube-apiserver's etcd compactor (k8s.io/apiserver storage/etcd3/compact.go): a
// process that compacts etcd's history every --etcd-compaction-interval (5m), keeping
// about one interval of it for watchers that fall behind.
//
// The protocol, as kube-apiserver runs it with one compactor per API server:
//  - Every interval, a Txn: if the version of `compact_rev_key` equals the compactor's
//    own "compact time" (0 at start), put the revision it noted last time as the key's
//    value (the version goes up by one), else read the key.
//  - The Txn won: compact time + 1, and Compact(revision noted last time), unless that
//    is 0 (no compaction on the first round). It lost (another compactor went first):
//    take the key's version as the compact time. Either way, note the Txn's header
//    revision for the next round.
//  - So with several compactors, one compacts per interval; if it dies, another takes
//    over within two intervals.
// Errors are logged and the round is skipped, as kube-apiserver does. The calls have no
// deadline of their own in kube-apiserver; here they give up after gRPC's keep-alive
// would have broken the connection (30s + 10s).
// Metric: etcd_compactor_compactions_total (compactions that succeeded).
#pragma once

#include <cstdint>
#include <memory>

#include "model/etcd/member/cluster_state.h"
#include "model/etcd/member/kv_client.h"
#include "sim/process.h"

namespace kcsim::etcd {

class EtcdCompactor final : public sim::Process {
 public:
  static constexpr const char* kCompactRevKey = "compact_rev_key";
  static constexpr sim::Time kDefaultInterval = 5 * sim::kMinute;  // --etcd-compaction-interval
  static constexpr sim::Time kCallTimeout = 40 * sim::kSecond;

  EtcdCompactor(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
                sim::Time interval, std::int64_t compactor_id);
  void start() override;

 private:
  void round();
  void on_txn(ClientError error, const mvcc::Response& response);
  void schedule();

  std::shared_ptr<ClusterState> cluster_;
  sim::Time interval_;
  KvClient client_;
  std::int64_t compact_time_ = 0;  // the version of compact_rev_key this compactor expects
  std::int64_t revision_ = 0;      // the revision noted last round: the next to compact
};

}  // namespace kcsim::etcd
