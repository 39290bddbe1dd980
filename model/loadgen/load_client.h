// One synthetic API client of a group (loadgen_spec.h): open loop (Poisson arrivals at
// its share of the group's rate, whatever the answers, at most max_in_flight held) or
// closed loop (one request at a time, exponential think time between).
//
// Contract:
//  - Arrivals, think times, verbs, namespaces and object names are drawn from the
//    process's own stream "load" (a restart draws anew).
//  - Every request ends in loadgen_requests_total and, while held, loadgen_in_flight
//    (taken back if the process crashes with requests held).
#pragma once

#include <cstdint>
#include <memory>

#include "model/client/api_client.h"
#include "model/loadgen/group.h"
#include "sim/process.h"
#include "sim/random.h"

namespace kcsim::loadgen {

class LoadClient final : public sim::Process {
 public:
  static constexpr int kRetryOnConflictSteps = 5;  // retry.DefaultRetry.Steps

  LoadClient(sim::ProcessContext context, std::shared_ptr<GroupContext> group);
  void start() override;
  void on_crash() override;

  std::uint64_t in_flight() const { return in_flight_; }
  const client::ApiClient& client() const { return client_; }

 private:
  void schedule_arrival();
  void arrive();
  void think();
  void issue();
  // readModifyWrite: GET, then UPDATE with the read resourceVersion; again on 409.
  void read_modify_write(api::ApiRequest update, int tries);
  void end_read_modify_write();
  api::ApiRequest make_request(api::Verb verb);

  std::shared_ptr<GroupContext> group_;
  sim::Rng rng_;
  client::ApiClient client_;
  std::uint64_t in_flight_ = 0;
  std::uint64_t patches_ = 0;  // the value of the next patch's annotation
};

}  // namespace kcsim::loadgen
