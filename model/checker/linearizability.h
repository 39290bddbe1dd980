// Checks that a key-value history is linearizable: the checker's entry point.
//
// Contract:
//  - `check_linearizable(history)` answers whether there is one total order of the
//    operations that (1) respects real time (an operation that returned before another was
//    called comes first), (2) obeys the sequential model of an etcd key (key_model.h), and
//    (3) matches what every client was told. Pending operations may take effect anywhere
//    after their call or not at all.
//  - The history is split by key and each key is searched on its own (key_search.h); a
//    history is linearizable iff each key's is (Herlihy & Wing's locality). Keys are
//    checked in sorted order; the result lists them in that order.
//  - The overall verdict is kIllegal if any key is illegal (a bounded search elsewhere does
//    not weaken a proof of illegality), else kUnknown if any key hit its bound, else kOk.
//  - Pending Gets are dropped before the search: a read that may not have happened, and
//    whose answer nobody saw, constrains nothing.
//  - Every index in a result is an index into the `history` given.
//  - A malformed history (see validate_history) is never searched: the verdict is kUnknown
//    and `error` says what is wrong.
//  - Pure and deterministic: no clock (the bounds count steps and bytes), no threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/checker/key_model.h"
#include "model/checker/key_search.h"
#include "model/checker/kv_operation.h"
#include "model/checker/verdict.h"

namespace kcsim::checker {

struct CheckOptions {
  // Search steps per key before that key's answer is kUnknown. A step is one visit of a
  // call or return in the search; a linearizable key of n operations takes about 2n with
  // little concurrency, and under 4n with 16 clients on one key (17,000 operations from
  // `kcsim run`: 30,000 steps). At about 2.5 million steps a second, the bound is a few
  // seconds of search per key.
  std::uint64_t max_steps_per_key = 10'000'000;
  // Bytes of search cache per key before that key's answer is kUnknown (an entry is
  // about 60 to 120 bytes: key_search.cc; 10^7 steps reach at most 10^7 entries).
  std::size_t max_cache_bytes_per_key = std::size_t{512} << 20;
};

struct KeyResult {
  std::string key;
  Verdict verdict = Verdict::kOk;
  std::size_t operations = 0;  // searched, after dropping pending reads
  std::size_t pending_reads_dropped = 0;
  std::uint64_t steps = 0;
  std::size_t cache_entries = 0;
  // kOk: a witness order of all searched operations; otherwise the longest legal prefix.
  std::vector<std::size_t> linearization;
  // kIllegal, kUnknown: the operation that could not be placed after that prefix.
  std::optional<std::size_t> blocked;
  std::string explanation;  // empty when kOk
};

struct CheckResult {
  Verdict verdict = Verdict::kOk;
  std::vector<KeyResult> keys;       // sorted by key
  std::optional<std::string> error;  // a malformed history
  // The first illegal key's explanation, else the first unknown key's, else empty.
  std::string explanation;
  std::uint64_t steps = 0;  // over every key

  const KeyResult* find(const std::string& key) const;
};

CheckResult check_linearizable(const History& history, const CheckOptions& options = {});

// Adds one key's result to a whole one (which starts as a default CheckResult): the
// whole is illegal if a key is, else unknown if a key is; its explanation is the first
// illegal key's, else the first unknown key's.
void fold_key_result(CheckResult& result, KeyResult key_result);

// One key's part of the check, over operations given by pointer with the number each has
// in results (`id`: an index into a history, or a recorder's ticket). Every operation must
// be on `key` and valid (validate_history); their order is free. check_linearizable and
// IncrementalChecker are built on it.
struct KeyOperation {
  std::size_t id = 0;
  const Operation* operation = nullptr;
};
// `hint`: ids in a likely order (an earlier witness), tried first (key_search.h).
KeyResult check_key_operations(const std::string& key, const std::vector<KeyOperation>& operations,
                               const CheckOptions& options,
                               const std::vector<std::size_t>& hint = {});

// The same over operations already compiled (key_model.h), for a caller that keeps them
// between checks (IncrementalChecker): `ops[i]` is `searched[i]` compiled against
// `values`, pending reads left out (and counted).
struct CompiledKey {
  const ValueTable* values = nullptr;  // not owned
  std::vector<TimedKeyOp> ops;
  std::vector<KeyOperation> searched;
  std::size_t pending_reads_dropped = 0;
};
KeyResult check_compiled_key(const std::string& key, const CompiledKey& compiled,
                             const CheckOptions& options,
                             const std::vector<std::size_t>& hint = {});

}  // namespace kcsim::checker
