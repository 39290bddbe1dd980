#include "model/etcd/member/cluster_state.h"

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
                      "WAL fsync latency")) {}

ClusterState::ClusterState(sim::Metrics& metrics, EtcdConfig etcd_config, std::size_t members)
    : config(std::move(etcd_config)),
      request_seconds(metrics.histogram("etcd_request_duration_seconds",
                                        "Request latency seen by the clients, retries included")),
      requests_failed(metrics.counter("etcd_client_requests_failed_total",
                                      "Requests that ended in an error at the client")),
      elections_won(metrics.counter("etcd_elections_won_total", "Leaders elected")) {
  for (std::size_t i = 0; i < members; ++i) {
    member_metrics.push_back(std::make_unique<MemberMetrics>(metrics, "etcd-" + std::to_string(i)));
  }
}

}  // namespace kcsim::etcd
