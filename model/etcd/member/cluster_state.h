// What an etcd cluster's members share in a run: their configuration and peers, the
// proposal table, the metrics, and the observers outside the members (Raft's safety
// checker, the clients' history). Members publish to it; they never read each other
// through it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "model/checker/history_recorder.h"
#include "model/etcd/member/etcd_config.h"
#include "model/etcd/member/proposal_table.h"
#include "model/etcd/member/snapshot_table.h"
#include "model/etcd/member/watch_log.h"
#include "model/etcd/member/wire.h"
#include "model/etcd/mvcc/store.h"
#include "model/etcd/raft/ready.h"
#include "model/etcd/raft/safety_checker.h"
#include "sim/ids.h"
#include "sim/metrics.h"

namespace spdlog {
class logger;
}

namespace kcsim::etcd {

// One member's metrics, under etcd's names with a member="etcd-N" label.
struct MemberMetrics {
  MemberMetrics(sim::Metrics& metrics, const std::string& member);
  sim::Gauge& has_leader;                  // etcd_server_has_leader
  sim::Gauge& is_leader;                   // etcd_server_is_leader
  sim::Counter& leader_changes;            // etcd_server_leader_changes_seen_total
  sim::Gauge& proposals_committed;         // etcd_server_proposals_committed_total (commit index)
  sim::Gauge& proposals_applied;           // etcd_server_proposals_applied_total (applied index)
  sim::Gauge& proposals_pending;           // etcd_server_proposals_pending
  sim::Counter& proposals_failed;          // etcd_server_proposals_failed_total
  sim::Histogram& wal_fsync_seconds;       // etcd_disk_wal_fsync_duration_seconds
  sim::Histogram& backend_commit_seconds;  // etcd_disk_backend_commit_duration_seconds
  sim::Counter& cpu_seconds;               // process_cpu_seconds_total
  sim::Counter& snapshots_sent;            // etcd_network_snapshot_send_success
  sim::Counter& snapshots_received;        // etcd_network_snapshot_receive_success
  sim::Gauge& watchers;                    // etcd_debugging_mvcc_watcher_total
  sim::Counter& watch_events;              // etcd_debugging_mvcc_events_total
  sim::Counter& watch_progress_notifications;  // etcd_watch_progress_notifications_total (kcsim's)
  sim::Counter& leases_expired;                // etcd_debugging_server_lease_expired_total
  sim::Counter& leases_renewed;                // etcd_debugging_lease_renewed_total
  sim::Counter& read_indexes_failed;           // etcd_server_read_indexes_failed_total
};

// What a member publishes for the observers outside it (the cluster's roles and states,
// the checks): set when it changes, cleared when the member crashes. Nothing in a member
// reads another's view.
struct MemberView {
  bool up = false;
  raft::SoftState soft_state;
  raft::Term term = 0;
  raft::ConfState conf_state;          // as this member has applied it
  const mvcc::Store* store = nullptr;  // read-only, for checks; null while down
};

struct ClusterState;

// Logs, as errors, what the safety checker found since the last observation.
class SafetyLog final : public raft::RaftObserver {
 public:
  SafetyLog(ClusterState& cluster, spdlog::logger& log) : cluster_(cluster), log_(log) {}
  void on_leader(raft::Term, raft::NodeId, raft::Index, const std::vector<raft::Entry>&) override {
    flush();
  }
  void on_applied(raft::NodeId, const raft::Entry&) override { flush(); }
  void on_snapshot_applied(raft::NodeId, raft::Index, raft::Term) override { flush(); }
  void on_restart(raft::NodeId, raft::Index) override { flush(); }

 private:
  void flush();
  ClusterState& cluster_;
  spdlog::logger& log_;
};

struct ClusterState {
  ClusterState(sim::Metrics& metrics, spdlog::logger& log, EtcdConfig etcd_config,
               std::size_t members);
  ClusterState(const ClusterState&) = delete;
  ClusterState& operator=(const ClusterState&) = delete;

  EtcdConfig config;
  std::size_t initial_members = 0;          // etcd-0..N-1 bootstrap the cluster (Raft ids 1..N)
  std::vector<sim::ProcessId> member_pids;  // by Raft node id - 1, added members included
  std::vector<std::unique_ptr<MemberMetrics>> member_metrics;
  std::vector<MemberView> member_views;  // by Raft node id - 1
  ProposalTable proposals;
  SnapshotTable snapshots;
  raft::SafetyChecker safety;
  SafetyLog safety_log;
  // What the members publish of their Raft nodes goes to these, in order: the safety
  // checker, then its log.
  std::vector<raft::RaftObserver*> raft_observers;
  checker::HistoryRecorder history;
  sim::Histogram& request_seconds;      // etcd_request_duration_seconds, at the clients
  sim::Counter& requests_failed;        // etcd_client_requests_failed_total
  sim::Counter& elections_won;          // leaders elected, over the cluster
  sim::Counter& promotions;             // etcd_server_learner_promote_successes
  sim::Counter& watch_resumes;          // etcd_watch_resumes_total, at the watching clients
  sim::Counter& watch_events_received;  // etcd_watch_events_received_total
  sim::Counter& compactions;            // etcd_compactor_compactions_total (kcsim's)
  sim::Counter& leases_lost;            // etcd_lease_keepalive_lost_total (kcsim's)
  WatchLog watch_log;                   // what the watching clients received
  // Lease safety: a leader that renews a lease promises it lives TTL seconds from then;
  // a lease revoked for expiry before the latest promise is a violation.
  std::map<mvcc::LeaseId, sim::Time> lease_promised_until;
  std::size_t lease_violations = 0;
  sim::Time last_ack = -1;  // when a client last got a successful answer
  std::size_t violations_logged = 0;

  sim::ProcessId pid_of(raft::NodeId id) const {
    return id >= 1 && id <= member_pids.size() ? member_pids[id - 1] : sim::kNoProcess;
  }
  // The initial members' processes: a client's static --endpoints.
  std::vector<sim::ProcessId> initial_endpoints() const {
    return {member_pids.begin(),
            member_pids.begin() + static_cast<std::ptrdiff_t>(initial_members)};
  }
  // The Raft id of member process `pid`, or kNoNode.
  raft::NodeId node_of(sim::ProcessId pid) const {
    for (std::size_t i = 0; i < member_pids.size(); ++i) {
      if (member_pids[i] == pid) return i + 1;
    }
    return raft::kNoNode;
  }
  MemberView& view(raft::NodeId id) { return member_views.at(id - 1); }
  // Logs the safety violations observed since the last call, as errors.
  void log_new_violations(spdlog::logger& log);
  // etcd_server_learner_promote_failures{Reason=...}, by the error the leader answered.
  sim::Counter& promote_failures(ClientError reason);
  // etcd_watch_halts_total{reason="no_leader" or "compacted"}: watches the member ended.
  sim::Counter& watch_halts(ClientError reason);
  // The run's metrics, for the series a process registers itself (the clients' by reason
  // and operation).
  sim::Metrics& metrics() { return metrics_; }
  void lease_renewed(mvcc::LeaseId lease, sim::Time until);
  // A revoke for expiry applied at `now`: checked against the lease's latest promise.
  void lease_expired(spdlog::logger& log, mvcc::LeaseId lease, sim::Time now);
  // Registers member `node_id`'s process (etcd-(node_id - 1)) and its metrics.
  void add_member(sim::ProcessId pid, raft::NodeId node_id);

 private:
  sim::Metrics& metrics_;
};

}  // namespace kcsim::etcd
