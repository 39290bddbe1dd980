#include "model/etcd/member/cluster_state.h"

#include <spdlog/logger.h>

#include <algorithm>

#include "sim/time.h"

namespace kcsim::etcd {

MemberMetrics::MemberMetrics(sim::Metrics& m, const std::string& member)
    : has_leader(m.gauge(sim::labeled("etcd_server_has_leader", {{"member", member}}),
                         "Whether a leader exists (1) or not (0)")),
      is_leader(m.gauge(sim::labeled("etcd_server_is_leader", {{"member", member}}),
                        "Whether this member is the leader")),
      leader_changes(
          m.counter(sim::labeled("etcd_server_leader_changes_seen_total", {{"member", member}}),
                    "Leader changes seen")),
      proposals_committed(
          m.gauge(sim::labeled("etcd_server_proposals_committed_total", {{"member", member}}),
                  "Consensus proposals committed (the commit index)")),
      proposals_applied(
          m.gauge(sim::labeled("etcd_server_proposals_applied_total", {{"member", member}}),
                  "Consensus proposals applied (the applied index)")),
      proposals_pending(m.gauge(sim::labeled("etcd_server_proposals_pending", {{"member", member}}),
                                "Proposals waiting to commit")),
      proposals_failed(
          m.counter(sim::labeled("etcd_server_proposals_failed_total", {{"member", member}}),
                    "Failed proposals")),
      wal_fsync_seconds(
          m.histogram(sim::labeled("etcd_disk_wal_fsync_duration_seconds", {{"member", member}}),
                      "WAL fsync latency")),
      backend_commit_seconds(m.histogram(
          sim::labeled("etcd_disk_backend_commit_duration_seconds", {{"member", member}}),
          "Backend (bbolt) commit latency")),
      cpu_seconds(m.counter(sim::labeled("process_cpu_seconds_total", {{"member", member}}),
                            "CPU time spent serving client requests")),
      snapshots_sent(
          m.counter(sim::labeled("etcd_network_snapshot_send_success", {{"member", member}}),
                    "Snapshots sent to followers behind the compacted log")),
      snapshots_received(
          m.counter(sim::labeled("etcd_network_snapshot_receive_success", {{"member", member}}),
                    "Snapshots received from the leader")),
      watchers(m.gauge(sim::labeled("etcd_debugging_mvcc_watcher_total", {{"member", member}}),
                       "Watchers served by the member")),
      watch_events(m.counter(sim::labeled("etcd_debugging_mvcc_events_total", {{"member", member}}),
                             "Watch events sent to clients")),
      watch_progress_notifications(
          m.counter(sim::labeled("etcd_watch_progress_notifications_total", {{"member", member}}),
                    "Progress notifications sent in answer to RequestProgress")),
      leases_expired(
          m.counter(sim::labeled("etcd_debugging_server_lease_expired_total", {{"member", member}}),
                    "Leases the leader revoked because they expired")),
      leases_renewed(
          m.counter(sim::labeled("etcd_debugging_lease_renewed_total", {{"member", member}}),
                    "Lease keep-alives the leader granted")),
      read_indexes_failed(
          m.counter(sim::labeled("etcd_server_read_indexes_failed_total", {{"member", member}}),
                    "Reads whose read index failed (leader changed or timed out)")) {}

void SafetyLog::flush() {
  cluster_.log_new_violations(log_);
}

ClusterState::ClusterState(sim::Metrics& metrics, spdlog::logger& log, EtcdConfig etcd_config,
                           std::size_t members)
    : config(std::move(etcd_config)),
      safety_log(*this, log),
      raft_observers{&safety, &safety_log},
      request_seconds(metrics.histogram("etcd_request_duration_seconds",
                                        "Request latency seen by the clients, retries included")),
      requests_failed(metrics.counter("etcd_client_requests_failed_total",
                                      "Requests that ended in an error at the client")),
      elections_won(metrics.counter("etcd_elections_won_total", "Leaders elected")),
      promotions(metrics.counter("etcd_server_learner_promote_successes",
                                 "Learners promoted to voting members")),
      watch_resumes(metrics.counter("etcd_watch_resumes_total",
                                    "Watch streams lost and resumed on another member")),
      watch_events_received(metrics.counter("etcd_watch_events_received_total",
                                            "Watch events received by the watching clients")),
      compactions(metrics.counter("etcd_compactor_compactions_total",
                                  "Compactions the API servers' compactors requested and got")),
      leases_lost(metrics.counter("etcd_lease_keepalive_lost_total",
                                  "Leases whose keeper learned they were gone")),
      metrics_(metrics) {
  initial_members = members;
  // The usual reasons exist from the start, so that checks can name the metrics.
  promote_failures(ClientError::kLearnerNotReady);
  watch_halts(ClientError::kNoLeader);
  watch_halts(ClientError::kCompacted);
}

void ClusterState::log_new_violations(spdlog::logger& log) {
  const auto& violations = safety.violations();
  for (; violations_logged < violations.size(); ++violations_logged) {
    const raft::Violation& v = violations[violations_logged];
    log.error("raft safety violated: {}: {}", v.property, v.detail);
  }
}

sim::Counter& ClusterState::promote_failures(ClientError reason) {
  return metrics_.counter(sim::labeled("etcd_server_learner_promote_failures",
                                       {{"Reason", std::string(to_string(reason))}}),
                          "Learner promotions the leader refused");
}

sim::Counter& ClusterState::watch_halts(ClientError reason) {
  const char* code = reason == ClientError::kNoLeader    ? "no_leader"
                     : reason == ClientError::kCompacted ? "compacted"
                                                         : "other";
  return metrics_.counter(sim::labeled("etcd_watch_halts_total", {{"reason", code}}),
                          "Watches the member ended (the client must watch again)");
}

void ClusterState::lease_renewed(mvcc::LeaseId lease, sim::Time until) {
  sim::Time& promised = lease_promised_until[lease];
  promised = std::max(promised, until);
}

void ClusterState::lease_expired(spdlog::logger& log, mvcc::LeaseId lease, sim::Time now) {
  const auto it = lease_promised_until.find(lease);
  if (it == lease_promised_until.end()) return;
  if (now < it->second) {
    ++lease_violations;
    log.error(
        "lease safety violated: lease {} revoked for expiry {} before the TTL "
        "its last keep-alive promised",
        lease, sim::format_duration(it->second - now));
  }
  lease_promised_until.erase(it);
}

void ClusterState::add_member(sim::ProcessId pid, raft::NodeId node_id) {
  if (member_pids.size() < node_id) {
    member_pids.resize(node_id, sim::kNoProcess);
    member_metrics.resize(node_id);
    member_views.resize(node_id);
  }
  member_pids[node_id - 1] = pid;
  member_metrics[node_id - 1] =
      std::make_unique<MemberMetrics>(metrics_, "etcd-" + std::to_string(node_id - 1));
}

}  // namespace kcsim::etcd
