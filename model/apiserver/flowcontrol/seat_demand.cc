#include "model/apiserver/flowcontrol/seat_demand.h"

#include <algorithm>
#include <cmath>

namespace kcsim::flowcontrol {

void Integrator::update(sim::Time now) {
  const double dt = sim::to_seconds(now - last_);
  last_ = now;
  elapsed_ += dt;
  sum_x_ += value_ * dt;
  sum_xx_ += value_ * value_ * dt;
}

void Integrator::set(double value, sim::Time now) {
  update(now);
  value_ = value;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

IntegratorResults Integrator::reset(sim::Time now) {
  update(now);
  IntegratorResults out;
  out.duration_seconds = elapsed_;
  out.min = min_;
  out.max = max_;
  if (elapsed_ > 0) {
    out.average = sum_x_ / elapsed_;
    const double variance = sum_xx_ / elapsed_ - out.average * out.average;
    out.deviation = variance >= 0 ? std::sqrt(variance) : std::nan("");
  }
  elapsed_ = 0;
  sum_x_ = 0;
  sum_xx_ = 0;
  min_ = value_;
  max_ = value_;
  return out;
}

void SeatDemandStats::update(const IntegratorResults& period) {
  high_watermark = period.max;
  if (period.duration_seconds <= 0) return;
  const double deviation = std::isnan(period.deviation) ? 0.0 : period.deviation;
  avg = period.average;
  std_dev = deviation;
  const double envelope = avg + deviation;
  smoothed = std::max(envelope, kSeatDemandSmoothingCoefficient * smoothed +
                                    (1 - kSeatDemandSmoothingCoefficient) * envelope);
}

}  // namespace kcsim::flowcontrol
