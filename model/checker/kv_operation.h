// A client's view of one key-value request: what it asked, when, and what it was told.
//
// Contract:
//  - An `Operation` is observed from outside the store, at the client: `call_time` is when
//    the request was issued, `return_time` when its answer arrived. The store's effect, if
//    any, took place at one instant between the two (that is what linearizability claims).
//  - An operation that never got an answer (a timeout, a crashed client, an indeterminate
//    error such as etcd's "request timed out") has `return_time == sim::kTimeNever` and is
//    *pending*: it may have taken effect at any instant after its call, or never. Its
//    `output` is ignored. A request that failed definitely (rejected before it could take
//    effect) should simply be left out of the history.
//  - Every operation touches exactly one key, so a history splits into one independent
//    sub-history per key (Herlihy & Wing's locality, Porcupine's P-compositionality).
//  - The model is etcd's: a Put writes, a Get reads, a Delete removes, a CompareAndSet is
//    a single-key Txn (If <compare> Then Put). Revisions are optional everywhere: a history
//    recorded with values only is checked on values only. When revisions are given they
//    are etcd's: the store revision at which a write took effect, and a key's mod_revision
//    on reads; they grow strictly along the order of writes to a key, and a key that does
//    not exist has mod_revision 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.h"

namespace kcsim::checker {

using Revision = std::int64_t;

enum class OpKind : std::uint8_t { kGet, kPut, kDelete, kCompareAndSet };

// What a CompareAndSet compares before it writes (etcd's Txn compare on one key).
enum class CompareTarget : std::uint8_t {
  kValue,        // the key exists and its value equals `expected_value`
  kModRevision,  // the key's mod_revision equals `expected_mod_revision` (0: absent)
  kAbsent,       // the key does not exist (etcd: create_revision == 0)
};

struct KvInput {
  OpKind kind = OpKind::kGet;
  std::string key;
  std::string value;                              // kPut, kCompareAndSet: the value written
  CompareTarget compare = CompareTarget::kValue;  // kCompareAndSet only
  std::string expected_value;                     // kCompareAndSet with kValue
  Revision expected_mod_revision = 0;             // kCompareAndSet with kModRevision

  static KvInput get(std::string key);
  static KvInput put(std::string key, std::string value);
  static KvInput remove(std::string key);
  static KvInput cas_value(std::string key, std::string expected, std::string value);
  static KvInput cas_mod_revision(std::string key, Revision expected, std::string value);
  static KvInput cas_absent(std::string key, std::string value);
};

// One struct for every kind; which fields mean something depends on the input's kind.
struct KvOutput {
  bool found = false;     // kGet: the key existed
  std::string value;      // kGet, when found: its value
  bool succeeded = true;  // kCompareAndSet: the compare held and the value was written
  // kPut, kDelete (when a key was deleted), kCompareAndSet (when succeeded): the revision
  // of the write. kGet, when found: the key's mod_revision. Absent: not recorded.
  std::optional<Revision> revision;
  std::optional<bool> deleted;  // kDelete: whether a key was deleted; absent: not recorded

  static KvOutput ok();  // a Put or Delete without details
  static KvOutput written(Revision revision);
  static KvOutput found_value(std::string value);
  static KvOutput found_value(std::string value, Revision mod_revision);
  static KvOutput not_found();
  static KvOutput cas(bool succeeded);
};

struct Operation {
  std::int64_t client_id = 0;
  sim::Time call_time = 0;
  sim::Time return_time = sim::kTimeNever;  // kTimeNever: pending, never answered
  KvInput input;
  KvOutput output;

  bool pending() const { return return_time == sim::kTimeNever; }
};

using History = std::vector<Operation>;

// A one-line human form, e.g. "client 3 [1.5s, 2s] get(x) -> \"a\"@12".
std::string describe(const Operation& operation);
std::string describe_input(const KvInput& input);
std::string describe_output(const KvInput& input, const KvOutput& output);

// The first thing wrong with a history, or nullopt if it can be checked: a negative call
// time, a return before its call, or a CompareAndSet expecting a negative mod_revision.
std::optional<std::string> validate_history(const History& history);

}  // namespace kcsim::checker
