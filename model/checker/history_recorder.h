// Records a history as a simulation runs: the seam between the clients and the checker.
//
// Contract:
//  - A client calls `invoke` when it issues a request (it gets a ticket) and `complete`
//    when the answer arrives. A request that is never completed stays pending, which is
//    the right reading for a timeout or a crash: it may or may not have taken effect.
//  - `fail` removes a request that failed *definitely* (it cannot have taken effect, e.g.
//    rejected before it was proposed). When in doubt, leave it pending: a wrong `fail`
//    can turn a correct run into an "illegal" verdict.
//  - Operations keep invocation order, so history indices (used by every result) are
//    stable. Completing or failing a ticket twice, or completing before the call, is a
//    caller bug and is asserted.
//  - It records what it is told and holds no clock: the caller passes virtual times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/checker/kv_operation.h"

namespace kcsim::checker {

class HistoryRecorder {
 public:
  using Ticket = std::size_t;

  Ticket invoke(std::int64_t client_id, sim::Time call_time, KvInput input);
  void complete(Ticket ticket, sim::Time return_time, KvOutput output);
  void fail(Ticket ticket);

  std::size_t size() const { return operations_.size(); }
  std::size_t pending() const;

  // The history so far, without the failed requests; unanswered requests are pending.
  History history() const;

 private:
  enum class Status : std::uint8_t { kOpen, kCompleted, kFailed };
  std::vector<Operation> operations_;
  std::vector<Status> status_;
};

}  // namespace kcsim::checker
