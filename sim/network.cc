#include "sim/network.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <string>
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
  using Edge = Graph::edge_descriptor;

  struct Link {
    LinkSpec spec;
    bool inter_zone = false;
    Edge edge;
    Time busy_until[2] = {0, 0};  // per direction: [0] lower vertex -> higher vertex
  };
  struct Hop {
    std::size_t link;
    int direction;
  };
  struct ZoneRoutes {
    bool computed = false;
    std::vector<std::vector<Hop>> to_zone;  // by zone index
  };

  Graph graph;
  std::vector<Link> links;  // by edge index (edges are never removed)
  std::map<std::pair<Vertex, Vertex>, std::size_t> link_of_edge;
  std::map<std::string, std::uint32_t> zone_index;  // ordered: deterministic iteration
  std::vector<Vertex> zone_switch;                  // by zone index
  std::vector<std::string> vertex_name;             // by vertex
  std::vector<std::uint32_t> host_zone;             // by HostId
  std::vector<std::size_t> host_uplink;             // by HostId: link host - switch
  std::vector<Vertex> host_vertex;                  // by HostId
  std::vector<ZoneRoutes> zone_routes;              // by source zone index, made on use

  std::size_t add_link(Vertex a, Vertex b, const LinkSpec& spec, bool inter_zone) {
    const std::size_t index = links.size();
    const Edge edge = boost::add_edge(a, b, spec.latency.median(), graph).first;
    links.push_back(Link{spec, inter_zone, edge, {0, 0}});
    link_of_edge[std::minmax(a, b)] = index;
    return index;
  }

  Vertex add_vertex(std::string name) {
    const Vertex v = boost::add_vertex(graph);
    assert(v == vertex_name.size());
    vertex_name.push_back(std::move(name));
    return v;
  }

  std::uint32_t zone_for(const std::string& zone, const NetworkSpec& spec) {
    auto it = zone_index.find(zone);
    if (it != zone_index.end()) return it->second;
    const Vertex v = add_vertex("switch/" + zone);
    for (const Vertex other : zone_switch)
      add_link(other, v, spec.inter_zone, true);
    const auto index = static_cast<std::uint32_t>(zone_switch.size());
    zone_switch.push_back(v);
    zone_index.emplace(zone, index);
    forget_routes();
    return index;
  }

  void forget_routes() { zone_routes.assign(zone_switch.size(), ZoneRoutes{}); }

  static Hop hop(std::size_t link, Vertex from, Vertex to) { return Hop{link, from < to ? 0 : 1}; }
  Hop uplink(HostId host) const {
    return hop(host_uplink[host], host_vertex[host], zone_switch[host_zone[host]]);
  }
  Hop downlink(HostId host) const {
    return hop(host_uplink[host], zone_switch[host_zone[host]], host_vertex[host]);
  }

  // The hops between two zone switches: Dijkstra once per source zone, then a lookup.
  const std::vector<Hop>& zone_route(std::uint32_t from_zone, std::uint32_t to_zone) {
    ZoneRoutes& routes = zone_routes[from_zone];
    if (!routes.computed) compute_routes_from(from_zone, routes);
    return routes.to_zone[to_zone];
  }

  void compute_routes_from(std::uint32_t from_zone, ZoneRoutes& routes) {
    const Vertex source = zone_switch[from_zone];
    std::vector<Vertex> predecessor(boost::num_vertices(graph));
    boost::dijkstra_shortest_paths(graph, source, boost::predecessor_map(predecessor.data()));
    routes.to_zone.assign(zone_switch.size(), {});
    for (std::uint32_t zone = 0; zone < zone_switch.size(); ++zone) {
      std::vector<Hop>& hops = routes.to_zone[zone];
      for (Vertex v = zone_switch[zone]; v != source; v = predecessor[v]) {
        const Vertex u = predecessor[v];
        assert(u != v && "zone switches are always connected");
        hops.push_back(hop(link_of_edge.at(std::minmax(u, v)), u, v));
      }
      std::reverse(hops.begin(), hops.end());
    }
    routes.computed = true;
  }

  // Puts a message of `bits` on a link at `t`: returns when its last bit has left.
  Time serialise(const Hop& hop, Time t, double bits) {
    Link& link = links[hop.link];
    const Time start = std::max(t, link.busy_until[hop.direction]);
    const auto transmit =
        static_cast<Time>(std::llround(bits / link.spec.bandwidth_bits_per_s * 1e9));
    link.busy_until[hop.direction] = start + transmit;
    return start + transmit;
  }
};

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
  for (Topology::Link& link : topology_->links) {
    link.spec = link.inter_zone ? spec_.inter_zone : spec_.intra_zone;
    boost::put(boost::edge_weight, topology_->graph, link.edge, link.spec.latency.median());
  }
  topology_->forget_routes();
}

void Network::on_host_added(HostId host) {
  assert(host == topology_->host_vertex.size());
  const HostInfo& info = simulation_.host(host);
  const std::uint32_t zone = topology_->zone_for(info.zone, spec_);
  const Topology::Vertex v = topology_->add_vertex(info.name);
  topology_->host_uplink.push_back(
      topology_->add_link(topology_->zone_switch[zone], v, spec_.intra_zone, false));
  topology_->host_zone.push_back(zone);
  topology_->host_vertex.push_back(v);
  for (Rule& rule : rules_)
    rule.group_of_host.push_back(-1);
}

std::vector<std::string> Network::route(HostId from, HostId to) {
  std::vector<std::string> names;
  if (from == to) return names;
  Topology& topology = *topology_;
  names.push_back(topology.vertex_name[topology.host_vertex[from]]);
  names.push_back(topology.vertex_name[topology.zone_switch[topology.host_zone[from]]]);
  for (const Topology::Hop& hop :
       topology.zone_route(topology.host_zone[from], topology.host_zone[to])) {
    const Topology::Edge edge = topology.links[hop.link].edge;
    const Topology::Vertex a = boost::source(edge, topology.graph);
    const Topology::Vertex b = boost::target(edge, topology.graph);
    // The vertex the hop arrives at: the higher one on direction 0.
    names.push_back(topology.vertex_name[hop.direction == 0 ? std::max(a, b) : std::min(a, b)]);
  }
  names.push_back(topology.vertex_name[topology.host_vertex[to]]);
  return names;
}

Time Network::path_delay(HostId from, HostId to, std::uint64_t size_bytes, Rng& rng, double& loss) {
  Topology& topology = *topology_;
  const std::uint32_t from_zone = topology.host_zone[from];
  const std::uint32_t to_zone = topology.host_zone[to];
  const LinkSpec& path = from_zone == to_zone ? spec_.intra_zone : spec_.inter_zone;
  const double bits = static_cast<double>(size_bytes) * 8;
  Time t = topology.serialise(topology.uplink(from), simulation_.now(), bits);
  t += path.latency.sample_duration(rng);
  for (const Topology::Hop& hop : topology.zone_route(from_zone, to_zone))
    t = topology.serialise(hop, t, bits);
  t = topology.serialise(topology.downlink(to), t, bits);
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
  assert(it != stream_flights_.end());
  assert(it->second.in_flight > 0);
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
