// Porcupine's linearizability search over the operations on one key.
//
// Contract:
//  - This is Lowe's refinement of the Wing & Gong algorithm, as Porcupine implements it
//    (Lowe, "Testing for linearizability", 2017; Horn & Kroening, "Faster linearizability
//    checking via P-compositionality", 2015). The calls and returns are laid out in time
//    order in a doubly linked list. The search walks it from the head: at a call it tries
//    to linearize that operation now (the model accepts its output in the current state),
//    lifting the call and its return out of the list; at a return it has met an operation
//    that had to be linearized by then and was not, so it backtracks.
//  - The cache holds every (set of linearized operations, model state) pair already
//    reached; reaching one again cannot lead anywhere new, which prunes the search from
//    exponential to tractable on the histories real systems produce.
//  - At equal times calls come before returns, so operations that touch at an instant are
//    treated as concurrent (the permissive reading).
//  - A pending operation returns at sim::kTimeNever, after everything else: it may be
//    linearized anywhere after its call, and linearizing it last is the same as never.
//  - Bounded: at most `max_steps` loop steps and `max_cache_bytes` of cache, after which
//    the verdict is kUnknown. The verdict is never a guess.
//  - Deterministic: the list order is (time, call before return, operation index), the
//    search order follows it, and the hash map is only ever looked up, never iterated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/checker/key_model.h"
#include "model/checker/verdict.h"
#include "sim/time.h"

namespace kcsim::checker {

struct TimedKeyOp {
  sim::Time call_time = 0;
  sim::Time return_time = sim::kTimeNever;  // kTimeNever: pending
  KeyOp op;
};

struct SearchLimits {
  std::uint64_t max_steps = 1'000'000;
  std::size_t max_cache_bytes = std::size_t{256} << 20;
};

struct SearchOutcome {
  Verdict verdict = Verdict::kUnknown;
  std::uint64_t steps = 0;
  std::size_t cache_entries = 0;
  bool step_bound_hit = false;
  bool memory_bound_hit = false;
  // kOk: every operation, in a legal order (a witness). Otherwise the longest legal
  // prefix the search found (indices into the input vector).
  std::vector<std::size_t> linearization;
  KeyState state_after;  // the model state after `linearization`
  // kIllegal, kUnknown: the operation whose return ended the longest prefix: it had to take
  // effect before it returned, and no order of the operations open then allowed it.
  std::optional<std::size_t> blocked;
};

SearchOutcome search_linearization(const std::vector<TimedKeyOp>& ops, const SearchLimits& limits);

}  // namespace kcsim::checker
