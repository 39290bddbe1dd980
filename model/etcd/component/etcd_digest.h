// The etcd lines of a run's digest (runner/digest.h): elections and the leader at the end,
// the clients' requests served and failed (by reason), and their latency, reads and
// writes apart, and the load offered against the load achieved (runner/load_rates.h).
// Values carry units (scenario/human_value.h).
#pragma once

#include "model/etcd/component/etcd_spec.h"
#include "model/etcd/member/etcd_cluster.h"
#include "model/runner/world.h"

namespace kcsim::etcd {

void add_etcd_digest(runner::World& world, const EtcdCluster& cluster,
                     const EtcdClientsSpec& clients);

}  // namespace kcsim::etcd
