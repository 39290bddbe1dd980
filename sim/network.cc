#include "sim/network.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <utility>

#include "sim/simulation.h"

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

struct Network::Topology {
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                            boost::property<boost::edge_weight_t, double>>;
  using Vertex = Graph::vertex_descriptor;

  struct Link {
    LinkSpec spec;
    bool inter_zone = false;
    Time busy_until[2] = {0, 0};  // per direction: [0] lower vertex -> higher vertex
  };
  struct Hop {
    std::size_t link;
    int direction;
  };

  Graph graph;
  std::vector<Link> links;  // by edge index (edges are never removed)
  std::map<std::pair<Vertex, Vertex>, std::size_t> link_of_edge;
  std::map<std::string, Vertex> zone_switch;                   // ordered: deterministic iteration
  std::vector<Vertex> host_vertex;                             // by HostId
  std::unordered_map<std::uint64_t, std::vector<Hop>> routes;  // lookup only

  std::size_t add_link(Vertex a, Vertex b, const LinkSpec& spec, bool inter_zone) {
    const std::size_t index = links.size();
    links.push_back(Link{spec, inter_zone, {0, 0}});
    boost::add_edge(a, b, spec.latency.median(), graph);
    link_of_edge[std::minmax(a, b)] = index;
    return index;
  }

  Vertex switch_for(const std::string& zone, const NetworkSpec& spec) {
    auto it = zone_switch.find(zone);
    if (it != zone_switch.end()) return it->second;
    const Vertex v = boost::add_vertex(graph);
    for (const auto& [other_zone, other] : zone_switch)
      add_link(other, v, spec.inter_zone, true);
    zone_switch.emplace(zone, v);
    routes.clear();
    return v;
  }

  const std::vector<Hop>& route(HostId from, HostId to) {
    auto [it, inserted] = routes.try_emplace(pair_key(from, to));
    if (!inserted) return it->second;
    const Vertex source = host_vertex.at(from);
    const Vertex target = host_vertex.at(to);
    std::vector<Vertex> predecessor(boost::num_vertices(graph));
    boost::dijkstra_shortest_paths(graph, source, boost::predecessor_map(predecessor.data()));
    std::vector<Hop> hops;
    for (Vertex v = target; v != source; v = predecessor[v]) {
      const Vertex u = predecessor[v];
      assert(u != v && "hosts are always connected");
      hops.push_back(Hop{link_of_edge.at(std::minmax(u, v)), u < v ? 0 : 1});
    }
    std::reverse(hops.begin(), hops.end());
    it->second = std::move(hops);
    return it->second;
  }
};

struct Network::InFlight {
  Callback on_deliver;
  const Label* label = nullptr;
  std::uint64_t size_bytes = 0;
  ProcessId from = kNoProcess;
  ProcessId to = kNoProcess;
  std::uint32_t from_incarnation = 0;
  std::uint32_t to_incarnation = 0;
  bool from_kernel = false;  // a reset: the sender's process may be down
  StreamId stream = kNoStream;
};

Network::Network(Simulation& simulation, NetworkSpec spec)
    : simulation_(simulation),
      spec_(std::move(spec)),
      rng_(simulation.rng("net")),
      topology_(std::make_unique<Topology>()) {}

Network::~Network() = default;

void Network::set_spec(NetworkSpec spec) {
  spec_ = std::move(spec);
  for (Topology::Link& link : topology_->links) {
    link.spec = link.inter_zone ? spec_.inter_zone : spec_.intra_zone;
  }
  topology_->routes.clear();
}

void Network::on_host_added(HostId host) {
  assert(host == topology_->host_vertex.size());
  const HostInfo& info = simulation_.host(host);
  const Topology::Vertex zone = topology_->switch_for(info.zone, spec_);
  const Topology::Vertex v = boost::add_vertex(topology_->graph);
  topology_->add_link(zone, v, spec_.intra_zone, false);
  topology_->host_vertex.push_back(v);
  for (Rule& rule : rules_)
    rule.group_of_host.push_back(-1);
}

Time Network::path_delay(HostId from, HostId to, std::uint64_t size_bytes, double& loss) {
  Time t = simulation_.now();
  double keep = 1;
  for (const Topology::Hop& hop : topology_->route(from, to)) {
    Topology::Link& link = topology_->links[hop.link];
    const Time start = std::max(t, link.busy_until[hop.direction]);
    const double bits = static_cast<double>(size_bytes) * 8;
    const auto transmit =
        static_cast<Time>(std::llround(bits / link.spec.bandwidth_bits_per_s * 1e9));
    link.busy_until[hop.direction] = start + transmit;
    t = start + transmit + link.spec.latency.sample_duration(rng_);
    keep *= 1 - link.spec.loss;
  }
  for (const Rule& rule : rules_) {
    if (!rule.blocks && between(rule, from, to)) {
      t += rule.extra_latency;
      keep *= 1 - rule.extra_loss;
    }
  }
  loss = 1 - keep;
  return t;
}

void Network::send(ProcessId from, ProcessId to, std::uint64_t size_bytes, const Label& label,
                   Callback on_deliver) {
  send_message(from, to, size_bytes, label, std::move(on_deliver), false, kNoStream);
}

void Network::send_on_stream(StreamId stream, ProcessId from, ProcessId to,
                             std::uint64_t size_bytes, const Label& label, Callback on_deliver) {
  if (!streams_.contains(stream)) {
    ++stats_.sent;
    ++stats_.dropped_endpoint;
    drop(InFlight{{}, &label, size_bytes, from, to, 0, 0, false, stream}, kDropBroken);
    return;
  }
  send_message(from, to, size_bytes, label, std::move(on_deliver), false, stream);
}

void Network::break_stream(StreamId stream) {
  if (stream == kNoStream) return;
  streams_.erase(stream);
  broken_streams_.insert(stream);
}

void Network::send_message(ProcessId from, ProcessId to, std::uint64_t size_bytes,
                           const Label& label, Callback on_deliver, bool from_kernel,
                           StreamId stream) {
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
  message.from_incarnation = simulation_.process_info(from).incarnation;
  message.to_incarnation = simulation_.process_info(to).incarnation;
  message.from_kernel = from_kernel;
  message.stream = stream;

  const HostId from_host = simulation_.process_info(from).host;
  const HostId to_host = simulation_.process_info(to).host;
  Time deliver_at = simulation_.now();
  if (from_host != to_host) {
    double loss = 0;
    deliver_at = path_delay(from_host, to_host, size_bytes, loss);
    const bool lost = rng_.chance(loss);
    if (lost || blocked(from_host, to_host)) {
      ++(lost ? stats_.dropped_loss : stats_.dropped_partition);
      drop(message, lost ? kDropLoss : kDropPartition);
      break_stream(stream);
      in_flight_[slot] = InFlight{};
      free_in_flight_.push_back(slot);
      return;
    }
  }
  Time& last = last_delivery_[pair_key(from, to)];
  deliver_at = std::max(deliver_at, last);
  last = deliver_at;
  simulation_.at_untraced(deliver_at, kDeliverLabel, [this, slot] { deliver(slot); });
}

void Network::deliver(std::uint32_t slot) {
  InFlight message = std::move(in_flight_[slot]);
  in_flight_[slot] = InFlight{};
  free_in_flight_.push_back(slot);
  const ProcessInfo& from = simulation_.process_info(message.from);
  const ProcessInfo& to = simulation_.process_info(message.to);
  const bool sender_gone =
      !message.from_kernel && (from.incarnation != message.from_incarnation || !from.up);
  if (!to.up || to.incarnation != message.to_incarnation || sender_gone ||
      broken_streams_.contains(message.stream)) {
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
  simulation_.trace().record(TraceRecord{simulation_.now(), TraceKind::kDrop, message.to,
                                         message.from, &reason, message.label->hash});
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
  send_message(gone, other, kControlSegmentBytes, label, std::move(on_closed), true, kNoStream);
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
  rule.group_of_host.assign(topology_->host_vertex.size(), -1);
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
