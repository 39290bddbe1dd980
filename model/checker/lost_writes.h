// A cheap check that no acknowledged write was lost, for histories too long to search.
//
// Contract:
//  - It needs every value written to a key (by Put or CompareAndSet) to be unique on that
//    key, as a test workload's values are; reads of a value written twice are skipped and
//    counted in `reads_unchecked`. It looks at completed Gets only.
//  - It reports three kinds of violation, each a proof that the history is not
//    linearizable (given unique values), found in O(n log n) with no search:
//      kPhantomRead: a read returned a value that no operation ever wrote to the key;
//      kFutureRead:  a read returned a value whose write was called after the read returned;
//      kLostWrite:   a read R returned the value of write W (or "absent", on a key that is
//                    never deleted, for the initial state), while an acknowledged write or
//                    delete X was called after W returned and returned before R was called.
//                    X must fall between W and R in any legal order, so R shows X lost.
//  - It is sound, not complete: a history can pass it and still be illegal (for example two
//    reads that order concurrent writes in two ways). check_linearizable is the full check.
//  - Violations are listed by the read's index in the history. Pure and deterministic.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/checker/kv_operation.h"

namespace kcsim::checker {

enum class LostWriteKind { kPhantomRead, kFutureRead, kLostWrite };

struct LostWriteViolation {
  LostWriteKind kind = LostWriteKind::kLostWrite;
  std::size_t read = 0;                   // the Get, by history index
  std::optional<std::size_t> source;      // the write whose value it returned, if one did
  std::optional<std::size_t> lost_write;  // kLostWrite: the overwritten-then-forgotten write
  std::string explanation;
};

struct LostWriteReport {
  std::vector<LostWriteViolation> violations;
  std::size_t reads_checked = 0;
  std::size_t reads_unchecked = 0;

  bool ok() const { return violations.empty(); }
};

LostWriteReport check_no_lost_writes(const History& history);

}  // namespace kcsim::checker
