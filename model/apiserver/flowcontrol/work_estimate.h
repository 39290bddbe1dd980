// How much of a priority level's capacity one request takes: its seats, and the seats it
// keeps after its handler returns (the fan-out of its watch events).
//
// Source: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/request/ (width.go,
// config.go, list_work_estimator.go, mutating_work_estimator.go), 1.32.
//
//  - Defaults (config.go): MinimumSeats 1, MaximumListSeatsLimit 10,
//    MaximumMutatingSeatsLimit 10, ObjectsPerSeat 100, WatchesPerSeat 10,
//    eventAdditionalDuration 5ms.
//  - The per-level cap (apf_controller.go, priorityLevelMaxSeatsPercent): max seats =
//    max(1, min(ceil(0.15 * nominalCL), nominalCL / handSize)), then at most 10. With the
//    default 600 seats: system (74) min(12, 12) = 12 -> 10; global-default (49)
//    min(8, 8) = 8; leader-election (25, hand 4) min(4, 6) = 4; levels without queues
//    (exempt, catch-all) have no cap of their own -> 10.
//  - LIST (list_work_estimator.go): a named GET/LIST takes 1 seat. Otherwise with N the
//    objects the server stores for the resource (its object count tracker) and limit the
//    page size: served from the watch cache -> N objects; from etcd with a label or field
//    selector -> N + limit; from etcd without -> 2 * limit; seats = ceil(objects / 100),
//    within [1, max]. Unknown count -> 1 seat. Whether the list is served from etcd is
//    shouldListFromStorage with ConsistentListFromCache on (the 1.31+ default): a
//    continuation, a limit with RV != "0", or an Exact resourceVersionMatch go to etcd.
//    A WATCH takes 1 seat (kcsim models no sendInitialEvents).
//  - Mutations (mutating_work_estimator.go): 1 initial seat; with W >= 10 interested
//    watches, finalSeats = min(ceil(W / 10), max) held for additionalLatency =
//    ceil(W / 10) * 5ms / finalSeats after the handler returns.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

#include "model/apiserver/api/wire.h"
#include "sim/time.h"

namespace kcsim::flowcontrol {

struct WorkEstimate {
  std::uint32_t initial_seats = 1;
  std::uint32_t final_seats = 0;
  sim::Time additional_latency = 0;  // final_seats are held this long after the handler
  std::uint32_t max_seats() const { return std::max(initial_seats, final_seats); }
};

struct WorkEstimatorConfig {
  std::uint32_t minimum_seats = 1;
  std::uint32_t maximum_list_seats = 10;
  std::uint32_t maximum_mutating_seats = 10;
  double objects_per_seat = 100.0;
  double watches_per_seat = 10.0;
  sim::Time event_additional_duration = 5 * sim::kMillisecond;
  bool consistent_list_from_cache = true;  // the ConsistentListFromCache feature gate
};

// The per-level seat cap from the level's nominal limit and hand size (0: no queuing).
std::uint32_t level_max_seats(int nominal_cl, int hand_size);

// Whether the verb changes state (create, update, patch, delete).

// Whether a LIST would be served from etcd rather than the watch cache.
bool list_from_storage(const api::ListOptions& options, const WorkEstimatorConfig& config);

// `stored_objects`: the count the server keeps for the resource (nullopt: unknown).
// `interested_watches`: the watches a mutation's event fans out to (WatchTracker).
// `level_max`: level_max_seats of the request's level (0: none).
WorkEstimate estimate_work(const api::ApiRequest& request,
                           std::optional<std::int64_t> stored_objects, int interested_watches,
                           std::uint32_t level_max, const WorkEstimatorConfig& config);

}  // namespace kcsim::flowcontrol
