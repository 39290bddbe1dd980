// The network: a Boost.Graph topology of hosts and zone switches joined by links, and
// message delivery between processes over it.
//
// Contract:
//  - Topology (sim/topology.h): every zone has a switch; every host hangs off its zone's
//    switch by an intra-zone link (its uplink); zone switches form a full mesh of
//    inter-zone links. Routing takes constant time: a message from host A to host B goes
//    up A's uplink, along the cached route between the two zone switches, and down B's
//    uplink. Two processes on one host talk over loopback (no latency, no loss).
//  - Delay: the configured latencies are end to end. `intra_zone.latency` is the one-way
//    delay between two hosts of one zone, `inter_zone.latency` the one-way delay between
//    two hosts in different zones (scenarios/README.md: intraZoneLatency,
//    interZoneLatency). A message draws its path's latency once. Bandwidth is per link
//    and direction: each link on the path serialises `size * 8 / bandwidth` per message
//    (waiting while an earlier message is on it). The sender's uplink serialises at send
//    time, the latency is added after it, and the later links serialise at the times the
//    message reaches them. Injected extra latency (degrade) comes on top. The whole path
//    is computed at send time, in send order.
//  - Loss: a message is lost with its path's probability (`intra_zone.loss` within a
//    zone, `inter_zone.loss` between zones, once per message), combined with any
//    injected extra loss.
//  - Delivery is FIFO per connection (sender process, receiver process), like TCP: a
//    message is never delivered before an earlier one on the same connection.
//  - A message is dropped, with a trace record, when: the receiver is down at send or
//    at delivery, or restarted in between (its connections were reset); a partition
//    blocks the direction at send or at delivery; a loss draw says so; its stream broke.
//    A message already sent when its sender crashes is still delivered: the bytes are
//    on the wire (what a crash loses is what was never sent), and the reset follows the
//    data on the same connection. Dropped is final: like rafthttp, which drops messages
//    when its stream breaks, the layers above retry and time out as the real clients do.
//  - Draws: each connection (sender -> receiver) draws from its own stream, named
//    "net/<sender name>-><receiver name>" and derived from the run seed, in send order.
//    So traffic between other processes never shifts a connection's latencies or
//    losses (though it may share links with it, and wait for them).
//  - Streams (long-lived connections: a watch, an HTTP/2 connection) are how one end
//    learns that the other has gone, as TCP tells it. When a stream's end crashes on a
//    host that stays up, that host's kernel resets the connection; when an end closes
//    it, it sends a FIN. Either is a small message from that host: the other end's
//    `on_closed` runs at its delivery, in the incarnation that opened the stream, and a
//    partition, a loss draw or a crash of the receiver stops it like any message. A
//    host that dies (its processes crash with the host already down) sends nothing: the
//    other end learns only from its own timeouts (keep-alive pings).
//  - Data sent with `send_on_stream` is delivered in order with no gap, or not at all:
//    a message on a stream that a partition or a loss draw stops breaks the stream
//    (TCP's retransmission is not modelled), and nothing later on it is delivered. No
//    end is told: each finds out by its own timeouts, as when TCP gives up. A broken
//    stream is remembered only while messages sent on it are still in flight.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/callback.h"
#include "sim/distributions.h"
#include "sim/ids.h"
#include "sim/label.h"
#include "sim/network_spec.h"
#include "sim/random.h"
#include "sim/time.h"

namespace kcsim::sim {

class Simulation;
class Topology;

using PartitionId = std::uint32_t;

struct NetworkStats {
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped_partition = 0;
  std::uint64_t dropped_loss = 0;
  std::uint64_t dropped_endpoint = 0;  // receiver down or restarted, or its stream broken
};

class Network {
 public:
  Network(Simulation& simulation, NetworkSpec spec);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Topology changes (before or during a run). Zones are made on first mention.
  void set_spec(NetworkSpec spec);
  void on_host_added(HostId host);

  // Sends `size_bytes` from `from` to `to`; `on_deliver` runs in the receiver's current
  // incarnation at delivery, unless the message is dropped. `label` names the message
  // kind in the trace ("raft.MsgApp").
  void send(ProcessId from, ProcessId to, std::uint64_t size_bytes, const Label& label,
            Callback on_deliver);

  // Opens a stream between `client` and `server`. Each end says what runs when the
  // other end goes (a reset or a FIN reaches it) with `on_stream_closed`; it runs at
  // most once, in the incarnation that set it, and never after its own end closed.
  StreamId open_stream(ProcessId client, ProcessId server);
  void on_stream_closed(StreamId id, ProcessId end, Callback callback);
  // `by` (one of the ends) closes the stream; the other end is told with a FIN.
  void close_stream(StreamId id, ProcessId by);
  // Sends on an open stream; on a closed or broken one the message is dropped.
  void send_on_stream(StreamId stream, ProcessId from, ProcessId to, std::uint64_t size_bytes,
                      const Label& label, Callback on_deliver);
  bool stream_open(StreamId id) const { return streams_.contains(id); }
  std::size_t open_streams() const { return streams_.size(); }
  // Called by Simulation::crash, after the process is marked down: resets its streams.
  void on_process_crash(ProcessId process);

  // Faults between sets of hosts. A partition puts hosts in groups: a message between
  // two hosts that are in different groups is blocked; hosts in no group are not
  // affected. One way: only messages from the first group to the others are blocked.
  PartitionId partition(std::vector<std::vector<HostId>> groups, bool one_way);
  // Extra latency and loss on messages between two host sets (both directions).
  PartitionId degrade(std::vector<HostId> side_a, std::vector<HostId> side_b, Time extra_latency,
                      double extra_loss);
  void heal(PartitionId id);
  void heal_all();

  bool blocked(HostId from, HostId to) const;
  const NetworkStats& stats() const { return stats_; }

  // The vertices a message from host `from` to host `to` crosses, by name: the hosts
  // by their names, the switches as "switch/<zone>"; empty for loopback. For tests and
  // explanations.
  std::vector<std::string> route(HostId from, HostId to);
  // Streams with messages in flight (the table that remembers broken streams): empty
  // when nothing sent on a stream is in flight.
  std::size_t streams_in_flight_tracked() const { return stream_flights_.size(); }
  // Connections that have sent at least one message between two hosts.
  std::size_t connections_tracked() const { return connections_.size(); }

 private:
  struct InFlight;
  // A connection between two processes on different hosts: its random stream and the
  // time its latest message is delivered (FIFO).
  struct Connection {
    Rng rng;
    Time last_delivery = 0;
  };
  // The messages on a stream that are in flight, and whether the stream broke.
  struct StreamFlight {
    std::uint32_t in_flight = 0;
    bool broken = false;
  };
  struct Stream {
    ProcessId client = kNoProcess;
    ProcessId server = kNoProcess;
    Callback on_client_closed;
    Callback on_server_closed;
  };
  struct Rule {
    PartitionId id = 0;
    std::vector<int> group_of_host;  // by HostId; -1 when in no group
    bool one_way = false;
    bool blocks = true;  // a partition; false: a degradation
    Time extra_latency = 0;
    double extra_loss = 0;
  };

  void send_message(ProcessId from, ProcessId to, std::uint64_t size_bytes, const Label& label,
                    Callback on_deliver, StreamId stream);
  Connection& connection(ProcessId from, ProcessId to);
  void break_stream(StreamId stream);
  // One message on `stream` has left the network; true when the stream had broken.
  bool stream_message_done(StreamId stream);
  // Tells the end of `stream` other than `gone` that the stream is closed.
  void notify_closed(Stream& stream, ProcessId gone, const Label& label);
  Time path_delay(HostId from, HostId to, std::uint64_t size_bytes, Rng& rng, double& loss);
  void deliver(std::uint32_t slot);
  void drop(const InFlight& message, const Label& reason);
  static bool between(const Rule& rule, HostId from, HostId to);

  Simulation& simulation_;
  NetworkSpec spec_;
  std::unique_ptr<Topology> topology_;
  std::vector<Rule> rules_;  // in the order they were made
  PartitionId next_rule_id_ = 1;
  // Lookup only (never iterated): by (sender, receiver), made on first use.
  std::unordered_map<std::uint64_t, Connection> connections_;
  std::vector<InFlight> in_flight_;
  std::vector<std::uint32_t> free_in_flight_;
  NetworkStats stats_;
  std::map<StreamId, Stream> streams_;  // ordered: resets go out in opening order
  // Lookup only (never iterated): an entry lives while messages on its stream fly.
  std::unordered_map<StreamId, StreamFlight> stream_flights_;
  StreamId next_stream_ = 1;
};

}  // namespace kcsim::sim
