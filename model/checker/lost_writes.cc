#include "model/checker/lost_writes.h"

#include <algorithm>
#include <map>
#include <utility>

namespace kcsim::checker {

namespace {

bool acknowledged_write(const Operation& operation) {
  if (operation.pending()) return false;
  switch (operation.input.kind) {
    case OpKind::kPut:
    case OpKind::kDelete:
      return true;
    case OpKind::kCompareAndSet:
      return operation.output.succeeded;
    case OpKind::kGet:
      return false;
  }
  return false;
}

// May have written its value (a pending write may be the source of a read; a failed
// CompareAndSet wrote nothing).
bool writes_value(const Operation& operation) {
  if (operation.input.kind == OpKind::kPut) return true;
  return operation.input.kind == OpKind::kCompareAndSet &&
         (operation.pending() || operation.output.succeeded);
}

struct KeyOps {
  std::vector<std::size_t> reads;                           // completed Gets
  std::vector<std::size_t> overwrites;                      // acknowledged writes and deletes
  std::map<std::string, std::vector<std::size_t>> writers;  // value -> writes of it
  bool has_delete = false;
};

std::string describe_at(const History& history, std::size_t index) {
  return "#" + std::to_string(index) + " " + describe(history[index]);
}

void check_key(const KeyOps& key, const History& history, LostWriteReport& report) {
  // Sweep the reads by call time; `latest` is the acknowledged overwrite with the latest
  // call among those that returned before the read's call.
  std::vector<std::size_t> reads = key.reads;
  std::stable_sort(reads.begin(), reads.end(), [&](std::size_t a, std::size_t b) {
    return history[a].call_time < history[b].call_time;
  });
  std::vector<std::size_t> overwrites = key.overwrites;
  std::stable_sort(overwrites.begin(), overwrites.end(), [&](std::size_t a, std::size_t b) {
    return history[a].return_time < history[b].return_time;
  });
  std::size_t next_overwrite = 0;
  std::optional<std::size_t> latest;
  for (std::size_t read : reads) {
    const Operation& r = history[read];
    while (next_overwrite < overwrites.size() &&
           history[overwrites[next_overwrite]].return_time < r.call_time) {
      const std::size_t candidate = overwrites[next_overwrite++];
      if (!latest || history[candidate].call_time > history[*latest].call_time) latest = candidate;
    }
    LostWriteViolation violation;
    violation.read = read;
    sim::Time source_return = -1;  // the initial state "returned" before time 0
    if (r.output.found) {
      auto it = key.writers.find(r.output.value);
      if (it == key.writers.end()) {
        violation.kind = LostWriteKind::kPhantomRead;
        violation.explanation = describe_at(history, read) + ": no operation wrote this value";
        report.violations.push_back(std::move(violation));
        ++report.reads_checked;
        continue;
      }
      if (it->second.size() != 1) {
        ++report.reads_unchecked;
        continue;
      }
      violation.source = it->second.front();
      const Operation& w = history[*violation.source];
      if (w.call_time > r.return_time) {
        violation.kind = LostWriteKind::kFutureRead;
        violation.explanation = describe_at(history, read) + " read the value of " +
                                describe_at(history, *violation.source) +
                                ", which was called after the read returned";
        report.violations.push_back(std::move(violation));
        ++report.reads_checked;
        continue;
      }
      source_return = w.return_time;
    } else if (key.has_delete) {
      ++report.reads_unchecked;  // "absent" may come from any delete
      continue;
    }
    ++report.reads_checked;
    if (!latest || source_return == sim::kTimeNever ||
        history[*latest].call_time <= source_return) {
      continue;
    }
    violation.kind = LostWriteKind::kLostWrite;
    violation.lost_write = latest;
    violation.explanation =
        describe_at(history, read) + " returned " +
        (violation.source ? "the value of " + describe_at(history, *violation.source)
                          : std::string("the initial state")) +
        ", but " + describe_at(history, *latest) + " was acknowledged in between and is lost";
    report.violations.push_back(std::move(violation));
  }
}

}  // namespace

LostWriteReport check_no_lost_writes(const History& history) {
  std::map<std::string, KeyOps> keys;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Operation& operation = history[i];
    KeyOps& key = keys[operation.input.key];
    if (operation.input.kind == OpKind::kGet && !operation.pending()) key.reads.push_back(i);
    if (acknowledged_write(operation)) key.overwrites.push_back(i);
    if (writes_value(operation)) key.writers[operation.input.value].push_back(i);
    if (operation.input.kind == OpKind::kDelete) key.has_delete = true;
  }
  LostWriteReport report;
  for (const auto& [name, key] : keys)
    check_key(key, history, report);
  std::stable_sort(
      report.violations.begin(), report.violations.end(),
      [](const LostWriteViolation& a, const LostWriteViolation& b) { return a.read < b.read; });
  return report;
}

}  // namespace kcsim::checker
