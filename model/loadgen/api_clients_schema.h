// The schema of spec.cluster.apiClients (loadgen_spec.h): keys, ranges and rules.
//
//   apiClients:
//     direct: false              # true: the replicas' addresses, round robin
//     groups:
//       - name: kubelets          # processes kubelets-0.., kubelets-watch-0..
//         count: 100
//         mode: open              # open | closed
//         rate: 50                # open: the group's requests/s; closed: each client's
//         verbs: {get: 0.5, list: 0.1, create: 0.2, update: 0.2}
//         resource: configmaps
//         namespaces: [default]
//         objects: 100
//         objectBytes: 1KiB
//         user: {name: "system:node:x", groups: [system:nodes]}
//         qps: 5
//         burst: 10
//         list: {limit: 500, resourceVersion: ""}   # "0": from the cache
//         watchers: 0
//         maxInFlight: 100
//         timeout: 0s
#pragma once

#include "model/loadgen/loadgen_spec.h"
#include "model/scenario/schema.h"

namespace kcsim::loadgen {

scenario::Schema<ApiClientsSpec> api_clients_schema();

}  // namespace kcsim::loadgen
