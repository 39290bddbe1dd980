#include "model/apiserver/flowcontrol/work_estimate.h"

#include <cmath>

namespace kcsim::flowcontrol {

std::uint32_t level_max_seats(int nominal_cl, int hand_size) {
  if (hand_size <= 0) return 0;
  // apf_controller.go: MAX(1, MIN(ceil(0.15 * nominalCL), nominalCL / handSize)), the
  // division an integer one (int32(concurrencyLimit) / handSize).
  const double by_percent = std::ceil(static_cast<double>(nominal_cl) * 0.15);
  const double by_hand = static_cast<double>(nominal_cl / hand_size);
  return static_cast<std::uint32_t>(std::max(1.0, std::min(by_percent, by_hand)));
}

bool list_from_storage(const api::ListOptions& options, const WorkEstimatorConfig& config) {
  const bool rv_unset = options.rv_match == api::RvMatch::kUnset;
  const bool rv_zero = options.rv_match == api::RvMatch::kAny;
  const bool consistent_from_storage = rv_unset && !config.consistent_list_from_cache;
  const bool has_continuation = !options.continue_token.empty();
  const bool has_limit = options.limit > 0 && !rv_zero;
  const bool unsupported_match = options.rv_match == api::RvMatch::kExact;
  return consistent_from_storage || has_continuation || has_limit || unsupported_match;
}

namespace {

std::uint32_t cap(std::uint32_t configured, std::uint32_t level_max) {
  return (level_max == 0 || level_max > configured) ? configured : level_max;
}

WorkEstimate estimate_read(const api::ApiRequest& request,
                           std::optional<std::int64_t> stored_objects, std::uint32_t level_max,
                           const WorkEstimatorConfig& config) {
  const std::uint32_t min_seats = config.minimum_seats;
  const std::uint32_t max_seats = cap(config.maximum_list_seats, level_max);
  // A GET, or a LIST/WATCH of one named object, is a point read.
  if (request.verb == api::Verb::kGet || !request.name.empty()) return {min_seats, 0, 0};
  if (request.verb == api::Verb::kWatch) return {min_seats, 0, 0};
  if (!stored_objects.has_value()) return {min_seats, 0, 0};
  const std::int64_t stored = std::max<std::int64_t>(0, *stored_objects);
  const api::ListOptions& options = request.options;
  const std::int64_t limit = (options.limit > 0 && options.limit < stored) ? options.limit : stored;
  std::int64_t objects = 0;
  if (!list_from_storage(options, config)) {
    objects = stored;
  } else if (!options.label_selector.empty() || !options.field_selector.empty()) {
    objects = stored + limit;
  } else {
    objects = 2 * limit;
  }
  auto seats =
      static_cast<std::uint64_t>(std::ceil(static_cast<double>(objects) / config.objects_per_seat));
  seats = std::clamp<std::uint64_t>(seats, min_seats, max_seats);
  return {static_cast<std::uint32_t>(seats), 0, 0};
}

WorkEstimate estimate_mutation(int interested_watches, std::uint32_t level_max,
                               const WorkEstimatorConfig& config) {
  const std::uint32_t max_seats = cap(config.maximum_mutating_seats, level_max);
  if (interested_watches < static_cast<int>(config.watches_per_seat)) {
    return {config.minimum_seats, 0, 0};
  }
  const auto needed = static_cast<std::uint32_t>(
      std::ceil(static_cast<double>(interested_watches) / config.watches_per_seat));
  // finalWork = needed seats x 5ms, reshaped into final_seats x additional_latency.
  const sim::Time final_work = static_cast<sim::Time>(needed) * config.event_additional_duration;
  const std::uint32_t final_seats = std::min(needed, max_seats);
  return {1, final_seats, final_work / static_cast<sim::Time>(final_seats)};
}

}  // namespace

WorkEstimate estimate_work(const api::ApiRequest& request,
                           std::optional<std::int64_t> stored_objects, int interested_watches,
                           std::uint32_t level_max, const WorkEstimatorConfig& config) {
  if (api::is_mutating(request.verb))
    return estimate_mutation(interested_watches, level_max, config);
  return estimate_read(request, stored_objects, level_max, config);
}

}  // namespace kcsim::flowcontrol
