// A probe of the network alone: every host runs a pinger that, each interval, pings
// every other pinger and measures the round trip of the reply.
//
// It knows nothing of Kubernetes: it is how the foundation's scenarios (and a teacher
// showing what a partition does) see the network work. Metrics:
//   ping_sent_total           pings sent
//   ping_replies_total        replies received in time
//   ping_lost_total           pings with no reply within `timeout`
//   ping_rtt_seconds          histogram of round-trip times
//   ping_unreachable_pairs    gauge: ordered pairs (a, b) where a had no reply from b
//                             within the last `timeout` (0 when the mesh is whole)
// A reply that comes after its ping was counted lost is ignored.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/netprobe/ping_mesh_spec.h"
#include "sim/ids.h"
#include "sim/metrics.h"
#include "sim/port.h"
#include "sim/process.h"
#include "sim/time.h"

namespace kcsim::netprobe {

// What pingers say: a ping and its echo carry the pinger's ping id.
struct Ping {
  std::uint64_t id = 0;
};
struct PingReply {
  std::uint64_t id = 0;
};
inline constexpr sim::Port<Ping> kPingPort{"ping.ping"};
inline constexpr sim::Port<PingReply> kPingReplyPort{"ping.reply"};

// The defaults are the scenario's (ping_mesh_spec.h), written once there.
struct PingMeshConfig {
  sim::Time interval = PingMeshSpec{}.interval;
  sim::Time timeout = 2 * PingMeshSpec{}.interval;  // a ping unanswered this long is lost
  std::uint64_t payload_bytes = PingMeshSpec{}.payload_bytes;
};

struct PingMetrics {
  explicit PingMetrics(sim::Metrics& metrics);
  sim::Counter& sent;
  sim::Counter& replies;
  sim::Counter& lost;
  sim::Histogram& rtt_seconds;
  sim::Gauge& unreachable_pairs;
};

class Pinger final : public sim::Process {
 public:
  Pinger(sim::ProcessContext context, PingMeshConfig config, std::vector<sim::ProcessId> peers,
         std::shared_ptr<PingMetrics> metrics);
  ~Pinger() override;
  void start() override;
  void on_crash() override;

 private:
  struct Outstanding {
    std::size_t peer_index;  // into peers_
    sim::Time sent_at;
  };

  void round();
  void on_ping(sim::ProcessId from, std::uint64_t id);
  void on_reply(std::uint64_t id);
  void expire_lost();
  void set_reachable(std::size_t peer_index, bool reachable);

  PingMeshConfig config_;
  std::vector<sim::ProcessId> peers_;
  std::shared_ptr<PingMetrics> metrics_;  // shared by the mesh's pingers and factories
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Outstanding> outstanding_;  // by id: oldest first
  std::vector<sim::Time> last_reply_;                 // by peer index
  std::vector<bool> reachable_;                       // by peer index
};

// Adds hosts ping-0..N-1 (zones round-robin) with a pinger each, started at time 0;
// registers the mesh's metrics.
void add_ping_mesh(sim::Simulation& simulation, std::uint64_t hosts, PingMeshConfig config,
                   const std::vector<std::string>& zones);

}  // namespace kcsim::netprobe
