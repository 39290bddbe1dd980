#include "sim/topology.h"

#include <boost/graph/dijkstra_shortest_paths.hpp>

#include "sim/invariant.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace kcsim::sim {

void Topology::add_host([[maybe_unused]] HostId host, const std::string& name,
                        const std::string& zone, const NetworkSpec& spec) {
  KCSIM_ASSERT(host == host_vertex_.size());
  const std::uint32_t zone_index = zone_for(zone, spec);
  const Vertex v = add_vertex(name);
  host_uplink_.push_back(add_link(zone_switch_[zone_index], v, spec.intra_zone, false));
  host_zone_.push_back(zone_index);
  host_vertex_.push_back(v);
}

void Topology::set_spec(const NetworkSpec& spec) {
  for (Link& link : links_) {
    const LinkSpec& kind = link.inter_zone ? spec.inter_zone : spec.intra_zone;
    link.bandwidth_bits_per_s = kind.bandwidth_bits_per_s;
    boost::put(boost::edge_weight, graph_, link.edge, kind.latency.median());
  }
  forget_routes();
}

Time Topology::send_up(HostId from, Time t, double bits) {
  return serialise(hop(host_uplink_[from], host_vertex_[from], zone_switch_[host_zone_[from]]), t,
                   bits);
}

Time Topology::carry(HostId from, HostId to, Time t, double bits) {
  for (const Hop& h : zone_route(host_zone_[from], host_zone_[to]))
    t = serialise(h, t, bits);
  return serialise(hop(host_uplink_[to], zone_switch_[host_zone_[to]], host_vertex_[to]), t, bits);
}

std::vector<std::string> Topology::route(HostId from, HostId to) {
  std::vector<std::string> names;
  if (from == to) return names;
  names.push_back(vertex_name_[host_vertex_[from]]);
  names.push_back(vertex_name_[zone_switch_[host_zone_[from]]]);
  for (const Hop& h : zone_route(host_zone_[from], host_zone_[to])) {
    const Edge edge = links_[h.link].edge;
    const Vertex a = boost::source(edge, graph_);
    const Vertex b = boost::target(edge, graph_);
    // The vertex the hop arrives at: the higher one on direction 0.
    names.push_back(vertex_name_[h.direction == 0 ? std::max(a, b) : std::min(a, b)]);
  }
  names.push_back(vertex_name_[host_vertex_[to]]);
  return names;
}

std::size_t Topology::add_link(Vertex a, Vertex b, const LinkSpec& spec, bool inter_zone) {
  const std::size_t index = links_.size();
  const Edge edge = boost::add_edge(a, b, spec.latency.median(), graph_).first;
  links_.push_back(Link{inter_zone, spec.bandwidth_bits_per_s, edge, {0, 0}});
  if (inter_zone) link_of_switch_pair_[std::minmax(a, b)] = index;
  return index;
}

Topology::Vertex Topology::add_vertex(std::string name) {
  const Vertex v = boost::add_vertex(graph_);
  KCSIM_ASSERT(v == vertex_name_.size());
  vertex_name_.push_back(std::move(name));
  return v;
}

std::uint32_t Topology::zone_for(const std::string& zone, const NetworkSpec& spec) {
  auto it = zone_index_.find(zone);
  if (it != zone_index_.end()) return it->second;
  const Vertex v = add_vertex("switch/" + zone);
  for (const Vertex other : zone_switch_)
    add_link(other, v, spec.inter_zone, true);
  const auto index = static_cast<std::uint32_t>(zone_switch_.size());
  zone_switch_.push_back(v);
  zone_index_.emplace(zone, index);
  forget_routes();
  return index;
}

const std::vector<Topology::Hop>& Topology::zone_route(std::uint32_t from_zone,
                                                       std::uint32_t to_zone) {
  ZoneRoutes& routes = zone_routes_[from_zone];
  if (!routes.computed) compute_routes_from(from_zone, routes);
  return routes.to_zone[to_zone];
}

void Topology::compute_routes_from(std::uint32_t from_zone, ZoneRoutes& routes) {
  const Vertex source = zone_switch_[from_zone];
  std::vector<Vertex> predecessor(boost::num_vertices(graph_));
  boost::dijkstra_shortest_paths(graph_, source, boost::predecessor_map(predecessor.data()));
  routes.to_zone.assign(zone_switch_.size(), {});
  for (std::uint32_t zone = 0; zone < zone_switch_.size(); ++zone) {
    std::vector<Hop>& hops = routes.to_zone[zone];
    // Hosts are leaves: a path between two switches crosses only switch links.
    for (Vertex v = zone_switch_[zone]; v != source; v = predecessor[v]) {
      const Vertex u = predecessor[v];
      KCSIM_ASSERT_MSG(u != v, "zone switches are always connected");
      hops.push_back(hop(link_of_switch_pair_.at(std::minmax(u, v)), u, v));
    }
    std::reverse(hops.begin(), hops.end());
  }
  routes.computed = true;
}

Time Topology::serialise(const Hop& h, Time t, double bits) {
  Link& link = links_[h.link];
  const Time start = std::max(t, link.busy_until[h.direction]);
  const auto transmit = static_cast<Time>(std::llround(bits / link.bandwidth_bits_per_s * 1e9));
  link.busy_until[h.direction] = start + transmit;
  return start + transmit;
}

}  // namespace kcsim::sim
