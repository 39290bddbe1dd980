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
//    stable. Tickets count invocations from 0. Completing or failing a ticket twice, or
//    completing before the call, is a caller bug and is asserted (while keeping).
//  - It records what it is told and holds no clock: the caller passes virtual times.
//  - Keeping is a switch (`set_keeping`, on by default): a recorder that does not keep
//    stores nothing and costs one counter increment per call, so a long run with many
//    clients and no use for the history does not grow with it (the runner keeps it only
//    when a check or `kcsim run --history` asks). Switch it before the first `invoke`.
//  - An observer (`set_observer`, e.g. IncrementalChecker) is told of every call, whether
//    the recorder keeps or not, so a checker can follow the run without a stored history.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/checker/kv_operation.h"

namespace kcsim::checker {

using Ticket = std::size_t;

// Told of each operation as the recorder is.
class HistoryObserver {
 public:
  virtual ~HistoryObserver() = default;
  virtual void invoked(Ticket ticket, const Operation& pending) = 0;
  virtual void completed(Ticket ticket, sim::Time return_time, const KvOutput& output) = 0;
  virtual void failed(Ticket ticket) = 0;
};

class HistoryRecorder {
 public:
  using Ticket = checker::Ticket;

  Ticket invoke(std::int64_t client_id, sim::Time call_time, KvInput input);
  void complete(Ticket ticket, sim::Time return_time, KvOutput output);
  void fail(Ticket ticket);

  // Off: store nothing from now on (history() stays as it was). Call before any invoke.
  void set_keeping(bool keeping);
  bool keeping() const { return keeping_; }
  // Not owned; null to detach. It must outlive the recorder's use.
  void set_observer(HistoryObserver* observer) { observer_ = observer; }

  std::size_t size() const { return invoked_; }  // invocations so far, kept or not
  std::size_t pending() const;                   // of the kept operations

  // The history so far, without the failed requests; unanswered requests are pending.
  // Empty when the recorder does not keep.
  History history() const;

 private:
  enum class Status : std::uint8_t { kOpen, kCompleted, kFailed };
  bool keeping_ = true;
  HistoryObserver* observer_ = nullptr;
  std::size_t invoked_ = 0;
  std::vector<Operation> operations_;
  std::vector<Status> status_;
};

}  // namespace kcsim::checker
