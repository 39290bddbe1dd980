#include "sim/network.h"

#include <algorithm>

#include <string>
#include <utility>
#include "sim/invariant.h"

#include "sim/simulation.h"
#include "sim/topology.h"

namespace kcsim::sim {
namespace {

constexpr Label kDeliverLabel{"net.deliver"};
constexpr Label kDropPartition{"net.drop.partition"};
constexpr Label kDropLoss{"net.drop.loss"};
constexpr Label kDropEndpoint{"net.drop.endpoint"};
constexpr Label kStreamReset{"net.stream.reset"};
constexpr Label kStreamFin{"net.stream.fin"};
constexpr Label kDropBroken{"net.drop.broken_stream"};
constexpr std::uint64_t kControlSegmentBytes = 64;

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
  return (static_cast<std::uint64_t>(a) << 32) | b;
}

}  // namespace

struct Network::InFlight {
  Callback on_deliver;
  const Label* label = nullptr;
  std::uint64_t size_bytes = 0;
  ProcessId from = kNoProcess;
  ProcessId to = kNoProcess;
  std::uint32_t to_incarnation = 0;
  StreamId stream = kNoStream;
};

Network::Network(Simulation& simulation, NetworkSpec spec)
    : simulation_(simulation), spec_(std::move(spec)), topology_(std::make_unique<Topology>()) {}

Network::~Network() = default;

void Network::set_spec(NetworkSpec spec) {
  spec_ = std::move(spec);
  topology_->set_spec(spec_);
}

void Network::on_host_added(HostId host) {
  const HostInfo& info = simulation_.host(host);
  topology_->add_host(host, info.name, info.zone, spec_);
  for (Rule& rule : rules_)
    rule.group_of_host.push_back(-1);
}

std::vector<std::string> Network::route(HostId from, HostId to) {
  return topology_->route(from, to);
}

Time Network::path_delay(HostId from, HostId to, std::uint64_t size_bytes, Rng& rng, double& loss) {
  const LinkSpec& path = topology_->same_zone(from, to) ? spec_.intra_zone : spec_.inter_zone;
  const double bits = static_cast<double>(size_bytes) * 8;
  // The sender's uplink at send time; the path's one-way latency; then the rest of the
  // links at the times the message reaches them.
  Time t = topology_->send_up(from, simulation_.now(), bits);
  t += path.latency.sample_duration(rng);
  t = topology_->carry(from, to, t, bits);
  double keep = 1 - path.loss;
  for (const Rule& rule : rules_) {
    if (!rule.blocks && between(rule, from, to)) {
      t += rule.extra_latency;
      keep *= 1 - rule.extra_loss;
    }
  }
  loss = 1 - keep;
  return t;
}

Network::Connection& Network::connection(ProcessId from, ProcessId to) {
  const std::uint64_t key = pair_key(from, to);
  auto it = connections_.find(key);
  if (it != connections_.end()) return it->second;
  std::string name = "net/";
  name += simulation_.process_name(from);
  name += "->";
  name += simulation_.process_name(to);
  return connections_.emplace(key, Connection{simulation_.rng(name), 0}).first->second;
}

void Network::send(ProcessId from, ProcessId to, std::uint64_t size_bytes, const Label& label,
                   Callback on_deliver) {
  send_message(from, to, size_bytes, label, std::move(on_deliver), kNoStream);
}

void Network::send_on_stream(StreamId stream, ProcessId from, ProcessId to,
                             std::uint64_t size_bytes, const Label& label, Callback on_deliver) {
  if (!streams_.contains(stream)) {
    ++stats_.sent;
    ++stats_.dropped_endpoint;
    drop(InFlight{{}, &label, size_bytes, from, to, 0, stream}, kDropBroken);
    return;
  }
  send_message(from, to, size_bytes, label, std::move(on_deliver), stream);
}

void Network::break_stream(StreamId stream) {
  if (stream == kNoStream) return;
  streams_.erase(stream);
  auto it = stream_flights_.find(stream);
  if (it != stream_flights_.end()) it->second.broken = true;
}

bool Network::stream_message_done(StreamId stream) {
  auto it = stream_flights_.find(stream);
  KCSIM_ASSERT(it != stream_flights_.end());
  KCSIM_ASSERT(it->second.in_flight > 0);
  const bool broken = it->second.broken;
  if (--it->second.in_flight == 0) stream_flights_.erase(it);
  return broken;
}

void Network::send_message(ProcessId from, ProcessId to, std::uint64_t size_bytes,
                           const Label& label, Callback on_deliver, StreamId stream) {
  ++stats_.sent;
  std::uint32_t slot;
  if (free_in_flight_.empty()) {
    slot = static_cast<std::uint32_t>(in_flight_.size());
    in_flight_.emplace_back();
  } else {
    slot = free_in_flight_.back();
    free_in_flight_.pop_back();
  }
  InFlight& message = in_flight_[slot];
  message.on_deliver = std::move(on_deliver);
  message.label = &label;
  message.size_bytes = size_bytes;
  message.from = from;
  message.to = to;
  message.to_incarnation = simulation_.process_info(to).incarnation;
  message.stream = stream;

  const HostId from_host = simulation_.process_info(from).host;
  const HostId to_host = simulation_.process_info(to).host;
  Time deliver_at = simulation_.now();
  if (from_host != to_host) {
    Connection& link = connection(from, to);
    double loss = 0;
    deliver_at = path_delay(from_host, to_host, size_bytes, link.rng, loss);
    const bool lost = link.rng.chance(loss);
    if (lost || blocked(from_host, to_host)) {
      ++(lost ? stats_.dropped_loss : stats_.dropped_partition);
      drop(message, lost ? kDropLoss : kDropPartition);
      break_stream(stream);
      in_flight_[slot] = InFlight{};
      free_in_flight_.push_back(slot);
      return;
    }
    // FIFO: never before the previous message of this connection. (Loopback needs no
    // record: its messages arrive at once, so in order.)
    deliver_at = std::max(deliver_at, link.last_delivery);
    link.last_delivery = deliver_at;
  }
  if (stream != kNoStream) ++stream_flights_[stream].in_flight;
  simulation_.at_untraced(deliver_at, kDeliverLabel, [this, slot] { deliver(slot); });
}

void Network::deliver(std::uint32_t slot) {
  InFlight message = std::move(in_flight_[slot]);
  in_flight_[slot] = InFlight{};
  free_in_flight_.push_back(slot);
  const ProcessInfo& from = simulation_.process_info(message.from);
  const ProcessInfo& to = simulation_.process_info(message.to);
  const bool stream_broken = message.stream != kNoStream && stream_message_done(message.stream);
  // The sender's fate does not matter: what it sent before it crashed is on the wire.
  if (!to.up || to.incarnation != message.to_incarnation || stream_broken) {
    ++stats_.dropped_endpoint;
    drop(message, kDropEndpoint);
    return;
  }
  if (blocked(from.host, to.host)) {
    ++stats_.dropped_partition;
    drop(message, kDropPartition);
    break_stream(message.stream);
    return;
  }
  ++stats_.delivered;
  simulation_.trace().record(TraceRecord{simulation_.now(), TraceKind::kDeliver, message.to,
                                         message.from, message.label, message.size_bytes});
  message.on_deliver();
}

void Network::drop(const InFlight& message, const Label& reason) {
  // The hash covers the message by its label's hash (detail); `subject` names it for
  // readers only (not hashed).
  simulation_.trace().record(TraceRecord{simulation_.now(), TraceKind::kDrop, message.to,
                                         message.from, &reason, message.label->hash,
                                         message.label});
}

StreamId Network::open_stream(ProcessId client, ProcessId server) {
  const StreamId id = next_stream_++;
  streams_.emplace(id, Stream{client, server, {}, {}});
  return id;
}

void Network::on_stream_closed(StreamId id, ProcessId end, Callback callback) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  (end == it->second.client ? it->second.on_client_closed : it->second.on_server_closed) =
      std::move(callback);
}

void Network::close_stream(StreamId id, ProcessId by) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  Stream stream = std::move(it->second);
  streams_.erase(it);
  notify_closed(stream, by, kStreamFin);
}

void Network::on_process_crash(ProcessId process) {
  const HostId host = simulation_.process_info(process).host;
  const bool host_up = simulation_.host(host).up;
  for (auto it = streams_.begin(); it != streams_.end();) {
    if (it->second.client != process && it->second.server != process) {
      ++it;
      continue;
    }
    Stream stream = std::move(it->second);
    it = streams_.erase(it);
    // A dead host resets nothing: the other end finds out by its own timeouts.
    if (host_up) notify_closed(stream, process, kStreamReset);
  }
}

void Network::notify_closed(Stream& stream, ProcessId gone, const Label& label) {
  const bool client_gone = gone == stream.client;
  const ProcessId other = client_gone ? stream.server : stream.client;
  Callback& on_closed = client_gone ? stream.on_server_closed : stream.on_client_closed;
  if (!simulation_.is_up(other) || !on_closed) return;
  send_message(gone, other, kControlSegmentBytes, label, std::move(on_closed), kNoStream);
}

bool Network::between(const Rule& rule, HostId from, HostId to) {
  const int a = rule.group_of_host[from];
  const int b = rule.group_of_host[to];
  if (a < 0 || b < 0 || a == b) return false;
  return !rule.one_way || a == 0;
}

bool Network::blocked(HostId from, HostId to) const {
  for (const Rule& rule : rules_) {
    if (rule.blocks && between(rule, from, to)) return true;
  }
  return false;
}

PartitionId Network::partition(std::vector<std::vector<HostId>> groups, bool one_way) {
  Rule rule;
  rule.id = next_rule_id_++;
  rule.one_way = one_way;
  rule.group_of_host.assign(topology_->host_count(), -1);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (HostId host : groups[g])
      rule.group_of_host.at(host) = static_cast<int>(g);
  }
  rules_.push_back(std::move(rule));
  return rules_.back().id;
}

PartitionId Network::degrade(std::vector<HostId> side_a, std::vector<HostId> side_b,
                             Time extra_latency, double extra_loss) {
  const PartitionId id = partition({std::move(side_a), std::move(side_b)}, false);
  Rule& rule = rules_.back();
  rule.blocks = false;
  rule.extra_latency = extra_latency;
  rule.extra_loss = extra_loss;
  return id;
}

void Network::heal(PartitionId id) {
  std::erase_if(rules_, [id](const Rule& rule) { return rule.id == id; });
}

void Network::heal_all() {
  rules_.clear();
}

}  // namespace kcsim::sim
