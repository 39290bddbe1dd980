#include "model/netprobe/ping_mesh.h"

#include <string>

#include "sim/simulation.h"

namespace kcsim::netprobe {
namespace {

constexpr sim::Label kRound{"ping.round"};
constexpr sim::Label kPing{"ping.ping"};
constexpr sim::Label kReply{"ping.reply"};

}  // namespace

PingMetrics::PingMetrics(sim::Metrics& metrics)
    : sent(metrics.counter("ping_sent_total", "Pings sent")),
      replies(metrics.counter("ping_replies_total", "Ping replies received in time")),
      lost(metrics.counter("ping_lost_total", "Pings with no reply within the timeout")),
      rtt_seconds(metrics.histogram("ping_rtt_seconds", "Ping round-trip time")),
      unreachable_pairs(metrics.gauge("ping_unreachable_pairs",
                                      "Ordered pairs with no reply within the timeout")) {}

Pinger::Pinger(sim::ProcessContext context, PingMeshConfig config,
               std::vector<sim::ProcessId> peers, std::shared_ptr<PingMetrics> metrics)
    : Process(context),
      config_(config),
      peers_(std::move(peers)),
      metrics_(std::move(metrics)),
      last_reply_(peers_.size(), 0),
      reachable_(peers_.size(), true) {}

Pinger::~Pinger() = default;

void Pinger::on_crash() {
  // A crashed pinger no longer judges its peers: take its pairs out of the gauge.
  for (std::size_t i = 0; i < peers_.size(); ++i)
    set_reachable(i, true);
}

void Pinger::start() {
  handle(kPingPort, [this](sim::ProcessId from, Ping ping) { on_ping(from, ping.id); });
  handle(kPingReplyPort, [this](sim::ProcessId, PingReply reply) { on_reply(reply.id); });
  for (sim::Time& t : last_reply_)
    t = now();
  round();
}

void Pinger::round() {
  expire_lost();
  for (std::size_t i = 0; i < peers_.size(); ++i) {
    const std::uint64_t id = next_id_++;
    outstanding_.emplace(id, Outstanding{i, now()});
    metrics_->sent.inc();
    context().send(kPingPort, peers_[i], config_.payload_bytes, kPing, Ping{id});
  }
  after(config_.interval, kRound, [this] { round(); });
}

void Pinger::on_ping(sim::ProcessId from, std::uint64_t ping_id) {
  context().send(kPingReplyPort, from, config_.payload_bytes, kReply, PingReply{ping_id});
}

void Pinger::on_reply(std::uint64_t ping_id) {
  auto it = outstanding_.find(ping_id);
  if (it == outstanding_.end()) return;  // already counted lost
  metrics_->replies.inc();
  metrics_->rtt_seconds.record(sim::to_seconds(now() - it->second.sent_at));
  const std::size_t peer = it->second.peer_index;
  last_reply_[peer] = now();
  set_reachable(peer, true);
  outstanding_.erase(it);
}

void Pinger::expire_lost() {
  while (!outstanding_.empty() && now() - outstanding_.begin()->second.sent_at >= config_.timeout) {
    metrics_->lost.inc();
    outstanding_.erase(outstanding_.begin());
  }
  for (std::size_t i = 0; i < peers_.size(); ++i) {
    if (now() - last_reply_[i] >= config_.timeout) set_reachable(i, false);
  }
}

void Pinger::set_reachable(std::size_t peer_index, bool reachable) {
  if (reachable_[peer_index] == reachable) return;
  reachable_[peer_index] = reachable;
  metrics_->unreachable_pairs.add(reachable ? -1.0 : 1.0);
}

void add_ping_mesh(sim::Simulation& simulation, std::uint64_t hosts, PingMeshConfig config,
                   const std::vector<std::string>& zones) {
  auto metrics = std::make_shared<PingMetrics>(simulation.metrics());
  std::vector<sim::ProcessId> ids;
  const auto first = static_cast<sim::ProcessId>(simulation.process_count());
  for (std::uint64_t i = 0; i < hosts; ++i)
    ids.push_back(first + static_cast<sim::ProcessId>(i));
  for (std::uint64_t i = 0; i < hosts; ++i) {
    const std::string name = "ping-" + std::to_string(i);
    const sim::HostId host = simulation.add_host(name, zones[i % zones.size()]);
    std::vector<sim::ProcessId> peers;
    for (sim::ProcessId id : ids) {
      if (id != ids[i]) peers.push_back(id);
    }
    simulation.add_process(name, host, [config, peers, metrics](sim::ProcessContext context) {
      return std::make_unique<Pinger>(context, config, peers, metrics);
    });
  }
  for (sim::ProcessId id : ids)
    simulation.start(id);
}

}  // namespace kcsim::netprobe
