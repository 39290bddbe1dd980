#include "model/checker/linearizability.h"

#include "sim/invariant.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include "model/checker/key_search.h"

namespace kcsim::checker {

const KeyResult* CheckResult::find(const std::string& key) const {
  for (const KeyResult& result : keys) {
    if (result.key == key) return &result;
  }
  return nullptr;
}

namespace {

// The operations on one key, by index into the history, in history order.
using Partitions = std::map<std::string, std::vector<std::size_t>>;

Partitions partition_by_key(const History& history) {
  Partitions partitions;
  for (std::size_t i = 0; i < history.size(); ++i) {
    partitions[history[i].input.key].push_back(i);
  }
  return partitions;
}

// `ops[i]` is the operation numbered `ids[i]` in results.
std::string explain(const KeyResult& result, const SearchOutcome& outcome, const ValueTable& values,
                    const std::vector<KeyOperation>& ops) {
  std::string text = "key " + result.key + ": ";
  if (result.verdict == Verdict::kUnknown) {
    text += outcome.step_bound_hit ? "search stopped at its step bound ("
                                   : "search stopped at its memory bound (";
    text += std::to_string(outcome.steps) + " steps, " + std::to_string(outcome.cache_entries) +
            " cached states); ";
  } else {
    text += "not linearizable; ";
  }
  text += "the longest legal prefix found has " + std::to_string(outcome.linearization.size()) +
          " of " + std::to_string(result.operations) + " operations";
  constexpr std::size_t kTailShown = 5;
  const std::size_t shown = std::min(kTailShown, outcome.linearization.size());
  if (shown > 0) {
    text += ", ending";
    for (std::size_t i = outcome.linearization.size() - shown; i < outcome.linearization.size();
         ++i) {
      const KeyOperation& op = ops[outcome.linearization[i]];
      text += "\n  #" + std::to_string(op.id) + " " + describe(*op.operation);
    }
  }
  text += "\n  leaving the key " + describe(outcome.state_after, values);
  if (outcome.blocked) {
    const KeyOperation& op = ops[*outcome.blocked];
    text += "; then #" + std::to_string(op.id) + " " + describe(*op.operation) +
            "\n  returned, and no order of the operations open before its return lets it "
            "take effect";
  }
  return text;
}

// The stranded-read rule ends an illegal key's longest prefix at the write that would
// strand a read; the read itself is the clearer culprit ("a stale read"). So for the
// explanation only, search again without the rule, within a small bound, and take its
// longest prefix if it is longer. The verdict stays the first search's (a proof).
void explain_further(const std::vector<TimedKeyOp>& ops, const CheckOptions& options,
                     SearchOutcome& outcome) {
  constexpr std::uint64_t kExplanationStepsMax = 100'000;
  const SearchOutcome again =
      search_linearization(ops, {std::min(options.max_steps_per_key, kExplanationStepsMax),
                                 options.max_cache_bytes_per_key, false});
  KCSIM_ASSERT(again.verdict != Verdict::kOk);
  if (again.linearization.size() <= outcome.linearization.size() || !again.blocked) return;
  outcome.linearization = again.linearization;
  outcome.state_after = again.state_after;
  outcome.blocked = again.blocked;
}

KeyResult check_key(const std::string& key, const std::vector<std::size_t>& indices,
                    const History& history, const CheckOptions& options) {
  std::vector<KeyOperation> ops;
  ops.reserve(indices.size());
  for (std::size_t index : indices)
    ops.push_back({index, &history[index]});
  return check_key_operations(key, ops, options);
}

}  // namespace

KeyResult check_key_operations(const std::string& key, const std::vector<KeyOperation>& operations,
                               const CheckOptions& options, const std::vector<std::size_t>& hint) {
  ValueTable values;
  CompiledKey compiled;
  compiled.values = &values;
  compiled.ops.reserve(operations.size());
  compiled.searched.reserve(operations.size());
  for (const KeyOperation& op : operations) {
    const Operation& operation = *op.operation;
    KCSIM_ASSERT(operation.input.key == key);
    if (operation.pending() && operation.input.kind == OpKind::kGet) {
      ++compiled.pending_reads_dropped;
      continue;
    }
    compiled.ops.push_back(
        {operation.call_time, operation.return_time, compile(operation, values)});
    compiled.searched.push_back(op);
  }
  return check_compiled_key(key, compiled, options, hint);
}

KeyResult check_compiled_key(const std::string& key, const CompiledKey& compiled,
                             const CheckOptions& options, const std::vector<std::size_t>& hint) {
  const std::vector<TimedKeyOp>& ops = compiled.ops;
  const std::vector<KeyOperation>& searched = compiled.searched;
  KCSIM_ASSERT(ops.size() == searched.size());
  KCSIM_ASSERT(compiled.values != nullptr);
  KeyResult result;
  result.key = key;
  result.pending_reads_dropped = compiled.pending_reads_dropped;
  result.operations = ops.size();
  std::vector<std::size_t> local_hint;  // the hint's ids as indices into ops
  if (!hint.empty()) {
    std::unordered_map<std::size_t, std::size_t> local;  // looked up only, never iterated
    for (std::size_t i = 0; i < searched.size(); ++i)
      local.emplace(searched[i].id, i);
    for (std::size_t id : hint) {
      const auto it = local.find(id);
      if (it == local.end()) break;  // the hint holds until an operation that is gone
      local_hint.push_back(it->second);
    }
  }
  SearchOutcome outcome = search_linearization(
      ops, {options.max_steps_per_key, options.max_cache_bytes_per_key, true}, local_hint);
  if (outcome.verdict == Verdict::kIllegal) explain_further(ops, options, outcome);
  result.verdict = outcome.verdict;
  result.steps = outcome.steps;
  result.cache_entries = outcome.cache_entries;
  for (std::size_t op : outcome.linearization)
    result.linearization.push_back(searched[op].id);
  if (outcome.blocked) result.blocked = searched[*outcome.blocked].id;
  if (result.verdict != Verdict::kOk)
    result.explanation = explain(result, outcome, *compiled.values, searched);
  return result;
}

CheckResult check_linearizable(const History& history, const CheckOptions& options) {
  CheckResult result;
  if (auto error = validate_history(history)) {
    result.verdict = Verdict::kUnknown;
    result.error = error;
    result.explanation = "malformed history: " + *error;
    return result;
  }
  for (const auto& [key, indices] : partition_by_key(history))
    fold_key_result(result, check_key(key, indices, history, options));
  return result;
}

void fold_key_result(CheckResult& result, KeyResult key_result) {
  result.steps += key_result.steps;
  const bool first_illegal =
      key_result.verdict == Verdict::kIllegal && result.verdict != Verdict::kIllegal;
  const bool first_unknown =
      key_result.verdict == Verdict::kUnknown && result.verdict == Verdict::kOk;
  if (first_illegal || first_unknown) {
    result.explanation = key_result.explanation;
    result.verdict = key_result.verdict;
  }
  result.keys.push_back(std::move(key_result));
}

}  // namespace kcsim::checker
