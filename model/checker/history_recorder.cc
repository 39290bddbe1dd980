#include "model/checker/history_recorder.h"

#include "sim/invariant.h"

#include <utility>

namespace kcsim::checker {

void HistoryRecorder::set_keeping(bool keeping) {
  KCSIM_ASSERT(invoked_ == 0);  // a history kept in part would be wrong, not smaller
  keeping_ = keeping;
}

HistoryRecorder::Ticket HistoryRecorder::invoke(std::int64_t client_id, sim::Time call_time,
                                                KvInput input) {
  KCSIM_ASSERT(call_time >= 0);
  const Ticket ticket = invoked_++;
  if (!keeping_ && observer_ == nullptr) return ticket;
  Operation operation;
  operation.client_id = client_id;
  operation.call_time = call_time;
  operation.return_time = sim::kTimeNever;
  operation.input = std::move(input);
  if (observer_ != nullptr) observer_->invoked(ticket, operation);
  if (!keeping_) return ticket;
  KCSIM_ASSERT(operations_.size() == ticket);
  operations_.push_back(std::move(operation));
  status_.push_back(Status::kOpen);
  return ticket;
}

void HistoryRecorder::complete(Ticket ticket, sim::Time return_time, KvOutput output) {
  KCSIM_ASSERT(ticket < invoked_);
  KCSIM_ASSERT(return_time != sim::kTimeNever);
  if (observer_ != nullptr) observer_->completed(ticket, return_time, output);
  if (!keeping_) return;
  KCSIM_ASSERT(status_[ticket] == Status::kOpen);
  KCSIM_ASSERT(return_time >= operations_[ticket].call_time);
  operations_[ticket].return_time = return_time;
  operations_[ticket].output = std::move(output);
  status_[ticket] = Status::kCompleted;
}

void HistoryRecorder::fail(Ticket ticket) {
  KCSIM_ASSERT(ticket < invoked_);
  if (observer_ != nullptr) observer_->failed(ticket);
  if (!keeping_) return;
  KCSIM_ASSERT(status_[ticket] == Status::kOpen);
  status_[ticket] = Status::kFailed;
}

std::size_t HistoryRecorder::pending() const {
  std::size_t count = 0;
  for (Status status : status_)
    count += status == Status::kOpen ? 1 : 0;
  return count;
}

History HistoryRecorder::history() const {
  History history;
  history.reserve(operations_.size());
  for (std::size_t i = 0; i < operations_.size(); ++i) {
    if (status_[i] != Status::kFailed) history.push_back(operations_[i]);
  }
  return history;
}

}  // namespace kcsim::checker
