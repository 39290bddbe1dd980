// ApiClientsSpec: spec.cluster.apiClients, named groups of synthetic API clients that
// load the kube-apiserver replicas (the replicas are spec.cluster.apiServers').
//
// Contract:
//  - A group runs `count` client processes <name>-0..N-1, each with its own client-go
//    client (api_client.h: its own connection, token bucket and random stream), and
//    `watchers` list-watch processes <name>-watch-0..M-1 (list_watcher.h).
//  - Open loop: the group's requests arrive as a Poisson process at `rate` per second in
//    all (each client draws its share, rate / count, from its own stream: the sum is
//    Poisson at `rate`), whatever the answers. A client holds at most `max_in_flight`
//    requests (waiting for a token, for a connection or for an answer); an arrival past
//    that bound is dropped and counted. Closed loop: each client keeps one request at a
//    time and thinks an exponential time of mean 1 / `rate` between an answer and its
//    next request, so a client sends at most `rate` per second.
//  - A request's verb is drawn from `verbs` (weights, normalised); its object from
//    `objects` names per namespace (<name>-obj-K, K uniform), in a namespace drawn from
//    `namespaces`: creates of a name that exists get AlreadyExists, reads of one that does
//    not get NotFound, as in a real mix. Bodies are `object_bytes` (encoded_bytes).
//  - Defaults are client-go's (qps 5, burst 10, no timeout) and kubectl's list (limit
//    500, resourceVersion unset: a consistent read).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/load_loop.h"
#include "sim/time.h"

namespace kcsim::loadgen {

inline constexpr std::uint64_t kGroupsMax = 64;
inline constexpr std::uint64_t kClientsPerGroupMax = 100'000;

struct VerbWeights {
  double get = 1;
  double list = 0;
  double create = 0;
  double update = 0;
  double patch = 0;
  double remove = 0;  // the key "delete"
};

struct ClientUser {
  std::string name = "loadgen";
  std::vector<std::string> groups = {"system:authenticated"};
};

struct ListSettings {
  std::uint64_t limit = 500;  // kubectl's --chunk-size; 0: no limit
  bool rv_any = false;        // resourceVersion "0" (from the cache); false: unset
};

struct ClientGroupSpec {
  std::string name;
  std::uint64_t count = 1;
  sim::LoadLoop mode = sim::LoadLoop::kOpen;
  double rate = 1;  // requests/s: the group's (open) or each client's at most (closed)
  VerbWeights verbs;
  std::string resource = "configmaps";
  std::vector<std::string> namespaces = {"default"};
  std::uint64_t objects = 100;  // names per namespace
  std::uint64_t object_bytes = 1024;
  ClientUser user;
  double qps = 5;            // rest.Config.QPS (client-go DefaultQPS); 0: no limit
  std::uint64_t burst = 10;  // rest.Config.Burst (DefaultBurst)
  ListSettings list;
  std::uint64_t watchers = 0;         // list-watch clients of `resource`
  std::uint64_t max_in_flight = 100;  // per client, open loop
  sim::Time timeout = 0;              // rest.Config.Timeout: 0 is none
  // An update reads the object first and writes with the resourceVersion it read (a
  // precondition: 409 Conflict if someone wrote in between), read again and retried on
  // a conflict, at most 5 tries (client-go retry.RetryOnConflict with DefaultRetry).
  bool read_modify_write = false;
};

struct ApiClientsSpec {
  std::vector<ClientGroupSpec> groups;
  // false: through the "kubernetes" Service's load balancer (a random replica per new
  // connection); true: the replicas' addresses, round robin on each new connection.
  bool direct = false;
};

}  // namespace kcsim::loadgen
