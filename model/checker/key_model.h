// The sequential specification of one etcd key, over compact operations.
//
// Contract:
//  - The linearizability search runs on one key at a time (see linearizability.h), and calls
//    `step` millions of times, so values are interned per key into small integers
//    (`ValueTable`) and a `KeyState` is three integers, cheap to copy, compare and hash.
//  - `step(state, op)` is the whole specification: it returns the state of the key after
//    `op` takes effect in `state` with the output the client saw, or nullopt if that output
//    is impossible in that state. It is pure and deterministic (one state at most), as
//    Porcupine's search requires.
//  - A pending operation (no output) takes effect as the model says, whatever it answered.
//  - Revisions are optional. A write whose revision was not recorded (or that is pending)
//    leaves the key's mod_revision *unknown*; the model then accepts any later revision that
//    is consistent with what it does know (`revision_floor`, the largest write revision seen
//    on the key so far in this order), and learns it. Not knowing makes the check weaker,
//    never wrong.
//  - A pending CompareAndSet on mod_revision, while the mod_revision is unknown, may have
//    succeeded or failed; `step` takes it as succeeded (learning the revision). Failing
//    changes nothing, so a linearization where it failed is as legal with the operation
//    moved to the end, after every completed operation, where its outcome constrains
//    nothing: the search tries that order too. So one outcome loses no linearization.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/checker/kv_operation.h"

namespace kcsim::checker {

using ValueId = std::int32_t;
inline constexpr ValueId kAbsentValue = -1;
inline constexpr Revision kUnknownRevision = -1;

// Interns the values of one key's sub-history into dense ids, in order of first use.
class ValueTable {
 public:
  ValueId intern(const std::string& value);
  const std::string& name(ValueId id) const;
  std::size_t size() const { return names_.size(); }

 private:
  std::map<std::string, ValueId> ids_;
  std::vector<std::string> names_;
};

struct KeyState {
  ValueId value = kAbsentValue;  // kAbsentValue: the key does not exist
  // 0 while absent; kUnknownRevision when the last write's revision was not recorded.
  Revision mod_revision = 0;
  Revision revision_floor = 0;  // every later write to the key has a larger revision

  friend bool operator==(const KeyState&, const KeyState&) = default;
};

std::uint64_t hash(const KeyState& state);
std::string describe(const KeyState& state, const ValueTable& values);

struct KeyOp {
  OpKind kind = OpKind::kGet;
  CompareTarget compare = CompareTarget::kValue;
  bool pending = false;
  ValueId written = kAbsentValue;   // kPut, kCompareAndSet
  ValueId expected = kAbsentValue;  // kCompareAndSet with kValue
  Revision expected_mod_revision = 0;
  // The output (meaningless when pending), as in KvOutput.
  bool found = false;
  ValueId read = kAbsentValue;
  bool succeeded = true;
  std::optional<Revision> revision;
  std::optional<bool> deleted;
};

KeyOp compile(const Operation& operation, ValueTable& values);

std::optional<KeyState> step(const KeyState& state, const KeyOp& op);

// True if `op` leaves every state in which it is legal unchanged: a completed Get with no
// recorded revision (one with a revision may learn the key's mod_revision), a CompareAndSet
// that failed, a Delete that deleted nothing. The search may take such an operation first
// whenever it is legal (key_search.cc). A Delete whose outcome was not recorded, or a
// pending CompareAndSet, may leave one state unchanged and change another, so it is not.
bool changes_nothing(const KeyOp& op);

}  // namespace kcsim::checker
