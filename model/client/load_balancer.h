// How a client reaches a kube-apiserver replica when it opens a connection.
//
// Two ways, as in real clusters:
//  - kRandom: through a load balancer in front of the replicas (the "kubernetes"
//    Service's VIP, which kube-proxy DNATs to a random endpoint, or a cloud L4 load
//    balancer). It picks a backend per NEW connection, at random (from the client's own
//    random stream), never per request: HTTP/2 keeps one connection, so a client stays
//    on its replica until the connection breaks. After a replica restarts, the clients
//    that moved away stay where they are: load stays uneven.
//  - kRoundRobin: the client is given the replicas' addresses directly and takes the
//    next one in turn at each new connection.
//
// Contract:
//  - `pick(rng, refused)` returns the backend for a new connection, skipping backends
//    whose dial is refused (`refused(p)`: the process is down on a live host, its kernel
//    answers with a reset; a load balancer's health check takes it out of rotation) and
//    trying another, each backend at most once; kNoProcess when every one refuses.
//  - A backend on a dead host refuses nothing: it can be picked, and the dial then waits
//    for its timeout (the caller's business).
//  - One draw per backend tried in kRandom mode; none in kRoundRobin.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "sim/ids.h"
#include "sim/random.h"

namespace kcsim::client {

enum class BalancerMode : std::uint8_t { kRandom, kRoundRobin };

class LoadBalancer {
 public:
  // `host` names the address the client dials: the metrics' host label.
  LoadBalancer(std::vector<sim::ProcessId> backends, BalancerMode mode, std::string host);

  sim::ProcessId pick(sim::Rng& rng, const std::function<bool(sim::ProcessId)>& refused);

  const std::vector<sim::ProcessId>& backends() const { return backends_; }
  BalancerMode mode() const { return mode_; }
  const std::string& host() const { return host_; }

 private:
  std::vector<sim::ProcessId> backends_;
  BalancerMode mode_;
  std::string host_;
  std::size_t next_ = 0;  // kRoundRobin: the next backend to try
};

}  // namespace kcsim::client
