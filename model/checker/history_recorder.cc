#include "model/checker/history_recorder.h"

#include <cassert>
#include <utility>

namespace kcsim::checker {

HistoryRecorder::Ticket HistoryRecorder::invoke(std::int64_t client_id, sim::Time call_time,
                                                KvInput input) {
  assert(call_time >= 0);
  Operation operation;
  operation.client_id = client_id;
  operation.call_time = call_time;
  operation.return_time = sim::kTimeNever;
  operation.input = std::move(input);
  operations_.push_back(std::move(operation));
  status_.push_back(Status::kOpen);
  return operations_.size() - 1;
}

void HistoryRecorder::complete(Ticket ticket, sim::Time return_time, KvOutput output) {
  assert(ticket < operations_.size());
  assert(status_[ticket] == Status::kOpen);
  assert(return_time >= operations_[ticket].call_time);
  assert(return_time != sim::kTimeNever);
  operations_[ticket].return_time = return_time;
  operations_[ticket].output = std::move(output);
  status_[ticket] = Status::kCompleted;
}

void HistoryRecorder::fail(Ticket ticket) {
  assert(ticket < operations_.size());
  assert(status_[ticket] == Status::kOpen);
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
