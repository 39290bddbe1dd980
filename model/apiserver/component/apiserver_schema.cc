#include "model/apiserver/component/apiserver_schema.h"

namespace kcsim::apiserver {
namespace {

constexpr std::uint64_t kCpusMax = 256;
constexpr std::uint64_t kInflightMax = 1'000'000;

}  // namespace

scenario::Schema<ApiServerSpec> apiserver_schema() {
  using S = ApiServerSpec;
  return scenario::Schema<S>("the API server settings")
      .count("replicas", &S::replicas, 1, kApiServerReplicasMax)
      .count("cpus", &S::cpus, 1, kCpusMax)
      .count("maxRequestsInflight", &S::max_requests_inflight, 1, kInflightMax)
      .count("maxMutatingRequestsInflight", &S::max_mutating_requests_inflight, 1, kInflightMax)
      .boolean("enablePriorityAndFairness", &S::enable_priority_and_fairness)
      .duration("requestTimeout", &S::request_timeout, sim::kSecond)
      .duration("minRequestTimeout", &S::min_request_timeout, sim::kSecond)
      .duration("shutdownDelayDuration", &S::shutdown_delay, sim::kSecond)
      .duration("etcdCompactionInterval", &S::etcd_compaction_interval, sim::kSecond)
      .boolean("consistentListFromCache", &S::consistent_list_from_cache)
      .duration("perRequestCpu", &S::per_request_cpu, sim::kMicrosecond)
      .size("encodeBytesPerSecond", &S::encode_bytes_per_second, 1);
}

ApiServerConfig to_config(const ApiServerSpec& spec) {
  ApiServerConfig config;
  config.cores = static_cast<std::uint32_t>(spec.cpus);
  config.max_requests_inflight = static_cast<std::int64_t>(spec.max_requests_inflight);
  config.max_mutating_requests_inflight =
      static_cast<std::int64_t>(spec.max_mutating_requests_inflight);
  config.enable_priority_and_fairness = spec.enable_priority_and_fairness;
  config.request_timeout = spec.request_timeout;
  config.min_request_timeout = spec.min_request_timeout;
  config.shutdown_delay = spec.shutdown_delay;
  config.etcd_compaction_interval = spec.etcd_compaction_interval;
  config.consistent_list_from_cache = spec.consistent_list_from_cache;
  config.cost.per_request = spec.per_request_cpu;
  config.cost.per_byte_ns = 1e9 / static_cast<double>(spec.encode_bytes_per_second);
  return config;
}

}  // namespace kcsim::apiserver
