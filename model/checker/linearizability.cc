#include "model/checker/linearizability.h"

#include <algorithm>
#include <map>
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

std::string explain(const KeyResult& result, const SearchOutcome& outcome, const ValueTable& values,
                    const History& history) {
  std::string text = "key " + result.key + ": ";
  if (result.verdict == Verdict::kUnknown) {
    text += outcome.step_bound_hit ? "search stopped at its step bound ("
                                   : "search stopped at its memory bound (";
    text += std::to_string(outcome.steps) + " steps, " + std::to_string(outcome.cache_entries) +
            " cached states); ";
  } else {
    text += "not linearizable; ";
  }
  text += "the longest legal prefix found has " + std::to_string(result.linearization.size()) +
          " of " + std::to_string(result.operations) + " operations";
  constexpr std::size_t kTailShown = 5;
  const std::size_t shown = std::min(kTailShown, result.linearization.size());
  if (shown > 0) {
    text += ", ending";
    for (std::size_t i = result.linearization.size() - shown; i < result.linearization.size();
         ++i) {
      text += "\n  #" + std::to_string(result.linearization[i]) + " " +
              describe(history[result.linearization[i]]);
    }
  }
  text += "\n  leaving the key " + describe(outcome.state_after, values);
  if (result.blocked) {
    text += "; then #" + std::to_string(*result.blocked) + " " +
            describe(history[*result.blocked]) +
            "\n  returned, and no order of the operations open before its return lets it "
            "take effect";
  }
  return text;
}

KeyResult check_key(const std::string& key, const std::vector<std::size_t>& indices,
                    const History& history, const CheckOptions& options) {
  KeyResult result;
  result.key = key;
  ValueTable values;
  std::vector<TimedKeyOp> ops;
  std::vector<std::size_t> history_index;  // ops[i] is history[history_index[i]]
  ops.reserve(indices.size());
  for (std::size_t index : indices) {
    const Operation& operation = history[index];
    if (operation.pending() && operation.input.kind == OpKind::kGet) {
      ++result.pending_reads_dropped;
      continue;
    }
    ops.push_back({operation.call_time, operation.return_time, compile(operation, values)});
    history_index.push_back(index);
  }
  result.operations = ops.size();
  const SearchOutcome outcome =
      search_linearization(ops, {options.max_steps_per_key, options.max_cache_bytes_per_key});
  result.verdict = outcome.verdict;
  result.steps = outcome.steps;
  result.cache_entries = outcome.cache_entries;
  for (std::size_t op : outcome.linearization)
    result.linearization.push_back(history_index[op]);
  if (outcome.blocked) result.blocked = history_index[*outcome.blocked];
  if (result.verdict != Verdict::kOk)
    result.explanation = explain(result, outcome, values, history);
  return result;
}

}  // namespace

CheckResult check_linearizable(const History& history, const CheckOptions& options) {
  CheckResult result;
  if (auto error = validate_history(history)) {
    result.verdict = Verdict::kUnknown;
    result.error = error;
    result.explanation = "malformed history: " + *error;
    return result;
  }
  bool any_illegal = false;
  bool any_unknown = false;
  for (const auto& [key, indices] : partition_by_key(history)) {
    KeyResult key_result = check_key(key, indices, history, options);
    result.steps += key_result.steps;
    if (key_result.verdict == Verdict::kIllegal && !any_illegal) {
      result.explanation = key_result.explanation;
      any_illegal = true;
    }
    if (key_result.verdict == Verdict::kUnknown && !any_unknown && !any_illegal) {
      result.explanation = key_result.explanation;
    }
    any_unknown = any_unknown || key_result.verdict == Verdict::kUnknown;
    result.keys.push_back(std::move(key_result));
  }
  result.verdict = any_illegal ? Verdict::kIllegal : any_unknown ? Verdict::kUnknown : Verdict::kOk;
  return result;
}

}  // namespace kcsim::checker
