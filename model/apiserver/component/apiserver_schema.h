// How spec.cluster.apiServers is read: its keys, ranges and units.
#pragma once

#include "model/apiserver/component/apiserver_spec.h"
#include "model/scenario/schema.h"

namespace kcsim::apiserver {

scenario::Schema<ApiServerSpec> apiserver_schema();

}  // namespace kcsim::apiserver
