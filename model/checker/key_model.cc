#include "model/checker/key_model.h"

#include "sim/invariant.h"

#include "sim/random.h"

namespace kcsim::checker {

ValueId ValueTable::intern(const std::string& value) {
  auto [it, inserted] = ids_.try_emplace(value, static_cast<ValueId>(names_.size()));
  if (inserted) names_.push_back(value);
  return it->second;
}

const std::string& ValueTable::name(ValueId id) const {
  KCSIM_ASSERT(id >= 0);
  KCSIM_ASSERT(static_cast<std::size_t>(id) < names_.size());
  return names_[static_cast<std::size_t>(id)];
}

std::uint64_t hash(const KeyState& state) {
  std::uint64_t mix = static_cast<std::uint64_t>(state.value) * 0x9e3779b97f4a7c15ULL;
  std::uint64_t result = sim::splitmix64(mix);
  mix ^= static_cast<std::uint64_t>(state.mod_revision);
  result ^= sim::splitmix64(mix);
  mix ^= static_cast<std::uint64_t>(state.revision_floor);
  return result ^ sim::splitmix64(mix);
}

std::string describe(const KeyState& state, const ValueTable& values) {
  if (state.value == kAbsentValue) return "absent";
  std::string text = "\"" + values.name(state.value) + "\"";
  if (state.mod_revision > 0) text += "@" + std::to_string(state.mod_revision);
  return text;
}

KeyOp compile(const Operation& operation, ValueTable& values) {
  const KvInput& input = operation.input;
  const KvOutput& output = operation.output;
  KeyOp op;
  op.kind = input.kind;
  op.compare = input.compare;
  op.pending = operation.pending();
  if (input.kind == OpKind::kPut || input.kind == OpKind::kCompareAndSet) {
    op.written = values.intern(input.value);
  }
  if (input.kind == OpKind::kCompareAndSet && input.compare == CompareTarget::kValue) {
    op.expected = values.intern(input.expected_value);
  }
  op.expected_mod_revision = input.expected_mod_revision;
  if (op.pending) return op;
  op.found = output.found;
  if (input.kind == OpKind::kGet && output.found) op.read = values.intern(output.value);
  op.succeeded = output.succeeded;
  op.revision = output.revision;
  op.deleted = output.deleted;
  return op;
}

namespace {

bool exists(const KeyState& state) {
  return state.value != kAbsentValue;
}

// A write of `value` whose revision is `revision` (nullopt: not recorded). Returns false if
// the revision cannot follow the writes already in the order.
bool apply_write(KeyState& state, ValueId value, const std::optional<Revision>& revision) {
  if (revision && *revision <= state.revision_floor) return false;
  state.value = value;
  state.mod_revision = revision ? *revision : kUnknownRevision;
  if (revision) state.revision_floor = *revision;
  return true;
}

// Learns that the unknown mod_revision of an existing key is `revision`; false if it
// cannot be (the unknown write came after every revision in the floor).
bool learn_mod_revision(KeyState& state, Revision revision) {
  KCSIM_ASSERT(exists(state));
  KCSIM_ASSERT(state.mod_revision == kUnknownRevision);
  if (revision <= state.revision_floor) return false;
  state.mod_revision = revision;
  state.revision_floor = revision;
  return true;
}

std::optional<KeyState> step_get(const KeyState& state, const KeyOp& op) {
  if (op.pending) return state;  // a read changes nothing, whatever it returned
  if (!op.found) return exists(state) ? std::nullopt : std::optional<KeyState>(state);
  if (state.value != op.read) return std::nullopt;
  if (!op.revision) return state;
  if (state.mod_revision == kUnknownRevision) {
    KeyState learned = state;
    if (!learn_mod_revision(learned, *op.revision)) return std::nullopt;
    return learned;
  }
  return state.mod_revision == *op.revision ? std::optional<KeyState>(state) : std::nullopt;
}

std::optional<KeyState> step_put(const KeyState& state, const KeyOp& op) {
  KeyState after = state;
  if (!apply_write(after, op.written, op.pending ? std::nullopt : op.revision)) {
    return std::nullopt;
  }
  return after;
}

std::optional<KeyState> step_delete(const KeyState& state, const KeyOp& op) {
  if (!op.pending && op.deleted && *op.deleted != exists(state)) return std::nullopt;
  if (!exists(state)) return state;  // etcd deletes nothing and bumps no revision
  KeyState after = state;
  if (!op.pending && op.revision) {
    if (*op.revision <= state.revision_floor) return std::nullopt;
    after.revision_floor = *op.revision;
  }
  after.value = kAbsentValue;
  after.mod_revision = 0;
  return after;
}

enum class Condition { kFalse, kTrue, kUnknown };

Condition evaluate(const KeyState& state, const KeyOp& op) {
  switch (op.compare) {
    case CompareTarget::kValue:
      return exists(state) && state.value == op.expected ? Condition::kTrue : Condition::kFalse;
    case CompareTarget::kAbsent:
      return exists(state) ? Condition::kFalse : Condition::kTrue;
    case CompareTarget::kModRevision:
      break;
  }
  if (state.mod_revision != kUnknownRevision) {
    return state.mod_revision == op.expected_mod_revision ? Condition::kTrue : Condition::kFalse;
  }
  // The unknown revision came after the floor, so it cannot equal anything at or below it.
  return op.expected_mod_revision <= state.revision_floor ? Condition::kFalse : Condition::kUnknown;
}

// The state after a CompareAndSet whose compare held: the mod_revision is learned if it was
// unknown, then the value is written.
bool apply_cas_success(KeyState& state, const KeyOp& op, Condition condition,
                       const std::optional<Revision>& revision) {
  if (condition == Condition::kUnknown && !learn_mod_revision(state, op.expected_mod_revision)) {
    return false;
  }
  return apply_write(state, op.written, revision);
}

std::optional<KeyState> step_compare_and_set(const KeyState& state, const KeyOp& op) {
  const Condition condition = evaluate(state, op);
  // Pending: taken as succeeded whenever it may have (see the header for why that loses
  // no linearization).
  const bool succeeded = op.pending ? condition != Condition::kFalse : op.succeeded;
  if (!succeeded) {
    if (condition == Condition::kTrue) return std::nullopt;
    return state;
  }
  if (condition == Condition::kFalse) return std::nullopt;
  KeyState after = state;
  if (!apply_cas_success(after, op, condition, op.pending ? std::nullopt : op.revision)) {
    return std::nullopt;
  }
  return after;
}

}  // namespace

std::optional<KeyState> step(const KeyState& state, const KeyOp& op) {
  switch (op.kind) {
    case OpKind::kGet:
      return step_get(state, op);
    case OpKind::kPut:
      return step_put(state, op);
    case OpKind::kDelete:
      return step_delete(state, op);
    case OpKind::kCompareAndSet:
      return step_compare_and_set(state, op);
  }
  return {};
}

bool changes_nothing(const KeyOp& op) {
  if (op.pending) return false;
  switch (op.kind) {
    case OpKind::kGet:
      return !op.revision.has_value();
    case OpKind::kCompareAndSet:
      return !op.succeeded;
    case OpKind::kDelete:
      return op.deleted.has_value() && !*op.deleted;
    case OpKind::kPut:
      return false;
  }
  return false;
}

}  // namespace kcsim::checker
