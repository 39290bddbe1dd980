// The schema of spec.cluster.etcd: keys, types, units, ranges and etcd's own rules on
// its flags (the messages name the flag and etcd's reason).
#pragma once

#include "model/etcd/component/etcd_spec.h"
#include "model/scenario/schema.h"

namespace kcsim::etcd {

scenario::Schema<EtcdSpec> etcd_schema();

}  // namespace kcsim::etcd
