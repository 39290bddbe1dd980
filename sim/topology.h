// The network's topology: hosts under zone switches, held as a Boost graph, with routes
// between hosts in constant time and the bandwidth state of every link.
//
// Contract:
//  - Every zone has a switch; every host hangs off its zone's switch by one link (its
//    uplink); the zone switches form a full mesh. Hosts get dense ids in the order they
//    are added; a zone is made when a host first names it. Nothing is ever removed.
//  - A route from host A to host B is A's uplink, the route between the two zone
//    switches, and B's uplink (down). The route between two switches is the shortest
//    path by median latency, from Dijkstra over the graph run once per source zone and
//    cached; adding a zone or changing the spec forgets the cache. So routing costs one
//    lookup per message after the first message out of each zone, whatever the number
//    of hosts (with 5,000 hosts, Dijkstra per host pair made start-up quadratic).
//  - Each link has a busy-until time per direction: a message holds a link for
//    `size * 8 / bandwidth` and waits while an earlier one holds it.
//  - Owned by the Network; the Network decides delays and draws, this only knows links.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/ids.h"
#include "sim/network_spec.h"
#include "sim/time.h"

namespace kcsim::sim {

class Topology {
 public:
  void add_host(HostId host, const std::string& name, const std::string& zone,
                const NetworkSpec& spec);
  // Gives every link the parameters of its kind in `spec`.
  void set_spec(const NetworkSpec& spec);

  std::size_t host_count() const { return host_vertex_.size(); }
  bool same_zone(HostId a, HostId b) const { return host_zone_[a] == host_zone_[b]; }

  // Puts a message of `bits` on `from`'s uplink at `t`: when its last bit has left.
  Time send_up(HostId from, Time t, double bits);
  // Carries a message of `bits`, at `from`'s zone switch at `t`, along the route
  // between the two zone switches and down `to`'s uplink: when its last bit has left.
  Time carry(HostId from, HostId to, Time t, double bits);

  // The vertices from host `from` to host `to` by name: hosts by their names, switches
  // as "switch/<zone>"; empty when from == to.
  std::vector<std::string> route(HostId from, HostId to);

 private:
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                            boost::property<boost::edge_weight_t, double>>;
  using Vertex = Graph::vertex_descriptor;
  using Edge = Graph::edge_descriptor;

  struct Link {
    bool inter_zone = false;
    double bandwidth_bits_per_s = 0;
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

  std::size_t add_link(Vertex a, Vertex b, const LinkSpec& spec, bool inter_zone);
  Vertex add_vertex(std::string name);
  std::uint32_t zone_for(const std::string& zone, const NetworkSpec& spec);
  void forget_routes() { zone_routes_.assign(zone_switch_.size(), ZoneRoutes{}); }
  static Hop hop(std::size_t link, Vertex from, Vertex to) { return Hop{link, from < to ? 0 : 1}; }
  const std::vector<Hop>& zone_route(std::uint32_t from_zone, std::uint32_t to_zone);
  void compute_routes_from(std::uint32_t from_zone, ZoneRoutes& routes);
  Time serialise(const Hop& hop, Time t, double bits);

  Graph graph_;
  std::vector<Link> links_;  // by edge index (edges are never removed)
  std::map<std::pair<Vertex, Vertex>, std::size_t> link_of_switch_pair_;
  std::map<std::string, std::uint32_t> zone_index_;  // ordered: deterministic iteration
  std::vector<Vertex> zone_switch_;                  // by zone index
  std::vector<std::string> vertex_name_;             // by vertex
  std::vector<std::uint32_t> host_zone_;             // by HostId
  std::vector<std::size_t> host_uplink_;             // by HostId: link host - switch
  std::vector<Vertex> host_vertex_;                  // by HostId
  std::vector<ZoneRoutes> zone_routes_;              // by source zone index, made on use
};

}  // namespace kcsim::sim
