// The flags of an etcd member that the model uses, with etcd v3.6's defaults under the
// real flag names (etcd/server/config, etcdmain/config.go).
#pragma once

#include <cstdint>

#include "sim/distributions.h"
#include "sim/time.h"

namespace kcsim::etcd {

struct EtcdConfig {
  sim::Time heartbeat_interval = 100 * sim::kMillisecond;  // --heartbeat-interval
  sim::Time election_timeout = 1000 * sim::kMillisecond;   // --election-timeout
  std::uint64_t snapshot_count = 100'000;                  // --snapshot-count
  std::uint64_t quota_backend_bytes = 2ULL << 30;          // --quota-backend-bytes
  std::uint64_t max_request_bytes = 1'572'864;             // --max-request-bytes
  bool pre_vote = true;                                    // --pre-vote
  sim::Distribution wal_fsync =
      sim::Distribution::lognormal(2.0 * sim::kMillisecond, 10.0 * sim::kMillisecond);

  // etcd's request timeout: 5s + 2 x election timeout (ServerConfig.ReqTimeout).
  sim::Time request_timeout() const { return 5 * sim::kSecond + 2 * election_timeout; }
  int election_ticks() const { return static_cast<int>(election_timeout / heartbeat_interval); }
};

}  // namespace kcsim::etcd
