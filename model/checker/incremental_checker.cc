#include "model/checker/incremental_checker.h"

#include "sim/invariant.h"

#include <utility>

namespace kcsim::checker {

void IncrementalChecker::touch(KeyHistory& key) {
  if (!key.dirty) {
    key.dirty = true;
    dirty_.push_back(&key);
  }
  result_current_ = false;
}

void IncrementalChecker::invoked(Ticket ticket, const Operation& pending) {
  KCSIM_ASSERT(pending.pending());
  if (slots_.size() <= ticket) slots_.resize(ticket + 1);
  Slot& slot = slots_[ticket];
  KCSIM_ASSERT(slot.key == nullptr);
  // std::map nodes are stable, so the pointer stays valid as keys are added.
  const auto [it, added] = keys_.try_emplace(pending.input.key);
  KeyHistory& key = it->second;
  if (added) key.name = pending.input.key;
  slot.key = &key;
  slot.operation = pending;
  slot.compiled = compile(slot.operation, key.values);
  key.tickets.push_back(ticket);
  // A pending read constrains nothing (the check drops it); a new key is listed at once.
  if (added || pending.input.kind != OpKind::kGet) touch(key);
}

void IncrementalChecker::completed(Ticket ticket, sim::Time return_time, const KvOutput& output) {
  if (ticket >= slots_.size() || slots_[ticket].key == nullptr) return;  // not observed
  Slot& slot = slots_[ticket];
  KCSIM_ASSERT(slot.operation.pending());
  KCSIM_ASSERT(return_time >= slot.operation.call_time);
  slot.operation.return_time = return_time;
  slot.operation.output = output;
  slot.compiled = compile(slot.operation, slot.key->values);
  touch(*slot.key);
}

void IncrementalChecker::failed(Ticket ticket) {
  if (ticket >= slots_.size() || slots_[ticket].key == nullptr) return;
  Slot& slot = slots_[ticket];
  KCSIM_ASSERT(slot.operation.pending());
  KeyHistory& key = *slot.key;
  std::erase(key.tickets, ticket);
  slot.key = nullptr;
  if (slot.operation.input.kind != OpKind::kGet) touch(key);
}

void IncrementalChecker::count(const KeyResult& result, int sign) {
  std::size_t& counter = result.verdict == Verdict::kIllegal   ? illegal_keys_
                         : result.verdict == Verdict::kUnknown ? unknown_keys_
                                                               : ok_keys_;
  if (sign > 0) {
    ++counter;
  } else {
    KCSIM_ASSERT(counter > 0);
    --counter;
  }
}

void IncrementalChecker::refresh() {
  std::vector<KeyHistory*> deferred;
  for (KeyHistory* key : dirty_) {
    if (key->searched && key->result.verdict == Verdict::kUnknown &&
        key->tickets.size() < 2 * key->searched_size) {
      deferred.push_back(key);  // still unknown: back off until the key's history doubles
      continue;
    }
    key->searched_size = key->tickets.size();
    CompiledKey compiled;
    compiled.values = &key->values;
    compiled.ops.reserve(key->tickets.size());
    compiled.searched.reserve(key->tickets.size());
    for (Ticket ticket : key->tickets) {
      const Slot& slot = slots_[ticket];
      if (slot.operation.pending() && slot.operation.input.kind == OpKind::kGet) {
        ++compiled.pending_reads_dropped;  // as check_key_operations does
        continue;
      }
      compiled.ops.push_back({slot.operation.call_time, slot.operation.return_time, slot.compiled});
      compiled.searched.push_back({ticket, &slot.operation});
    }
    if (key->searched) count(key->result, -1);
    // The last witness (or longest legal prefix) leads the search through the part of
    // the history it already explained: a re-check costs about a step per operation.
    key->result = check_compiled_key(key->name, compiled, options_, key->result.linearization);
    key->searched = true;
    count(key->result, +1);
    key->dirty = false;
    ++searches_;
  }
  dirty_ = std::move(deferred);
}

Verdict IncrementalChecker::verdict() {
  refresh();
  return illegal_keys_ > 0   ? Verdict::kIllegal
         : unknown_keys_ > 0 ? Verdict::kUnknown
                             : Verdict::kOk;
}

const CheckResult& IncrementalChecker::result() {
  refresh();
  if (result_current_) return result_;
  // A pass over the keys' kept verdicts: no search, and no copy of the operations.
  CheckResult result;
  for (const auto& [name, key] : keys_) {
    if (key.tickets.empty()) continue;  // every operation on it failed
    fold_key_result(result, key.result);
  }
  result_ = std::move(result);
  result_current_ = dirty_.empty();
  return result_;
}

}  // namespace kcsim::checker
