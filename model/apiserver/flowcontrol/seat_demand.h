// The time-weighted statistics of a priority level's seat demand (seats executing plus
// seats waiting) between two borrowing adjustments, and their smoothing.
//
// Source: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/fairqueuing/integrator.go
// (Set, Reset, AvgAndStdDev) and seatDemandStats.update in apf_controller.go:
// envelope = avg + stddev; smoothed = max(envelope, 0.977 * smoothed + 0.023 * envelope)
// (a half-life of 5 minutes at one update per 10 s).
#pragma once

#include "sim/time.h"

namespace kcsim::flowcontrol {

struct IntegratorResults {
  double duration_seconds = 0.0;
  double average = 0.0;
  double deviation = 0.0;  // standard deviation
  double min = 0.0;
  double max = 0.0;
};

class Integrator {
 public:
  explicit Integrator(sim::Time now) : last_(now) {}
  void set(double value, sim::Time now);
  // The statistics since the last reset; starts a new period at the current value.
  IntegratorResults reset(sim::Time now);
  double value() const { return value_; }

 private:
  void update(sim::Time now);
  sim::Time last_;
  double value_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
  double elapsed_ = 0.0;  // seconds
  double sum_x_ = 0.0;    // integral of x dt
  double sum_xx_ = 0.0;   // integral of x^2 dt
};

inline constexpr double kSeatDemandSmoothingCoefficient = 0.977;

struct SeatDemandStats {
  double avg = 0.0;
  double std_dev = 0.0;
  double high_watermark = 0.0;
  double smoothed = 0.0;
  void update(const IntegratorResults& period);
};

}  // namespace kcsim::flowcontrol
