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
  std::uint64_t max_steps = 10'000'000;
  std::size_t max_cache_bytes = std::size_t{512} << 20;
  // The stranded-read rule (key_search.cc). It finds dead ends early, so the longest
  // prefix of an illegal history stops at the write that would strand a read rather than
  // at the read; an explanation may search again without it (linearizability.cc).
  bool prune_stranded_reads = true;
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

// `hint`: a likely linearization, or a prefix of one (indices into `ops`), such as the
// witness of an earlier check of a shorter history. The search tries its operations
// first, in its order, as long as they fit; it changes what is tried first, never the
// verdict (the search stays exhaustive), and makes a re-check of a grown history cost
// about one step per operation.
SearchOutcome search_linearization(const std::vector<TimedKeyOp>& ops, const SearchLimits& limits,
                                   const std::vector<std::size_t>& hint = {});

}  // namespace kcsim::checker
