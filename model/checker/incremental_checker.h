// The linearizability check of a growing history, re-checking only what changed.
//
// Contract:
//  - An IncrementalChecker observes a HistoryRecorder (recorder.set_observer(&checker),
//    before the first invoke) and holds its own copy of each operation, by key, so the
//    recorder need not keep the history.
//  - `verdict()` (and `result()`) answers for everything observed so far as
//    check_linearizable over the recorder's history would, with tickets as operation ids
//    (but for the back-off on unknown keys below, which can only leave an answer unknown).
//    It searches again only the keys whose sub-history changed since the last call (an
//    operation invoked, completed or failed on it; a pending read changes nothing until
//    it completes, since the check drops it), and keeps every other key's verdict. With
//    no change since the last call it costs nothing. Under an `always:` check evaluated
//    every 100ms, that turns a re-check of the whole history per evaluation into one of
//    the keys touched in the last 100ms.
//  - Each search is led by the key's last witness (key_search.h's hint), so on a valid
//    history it walks the part already explained at about a step per operation. It still
//    starts from the key's first operation: a hot key's check grows with its history.
//  - A key whose search hit its bound (kUnknown) is searched again only once its history
//    has doubled since: until then its answer stays kUnknown, which is true (no verdict),
//    and a run under an `always:` check does not pay the full bound at every evaluation.
//  - Deterministic: keys are kept in a std::map, and results list them sorted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/checker/history_recorder.h"
#include "model/checker/linearizability.h"

namespace kcsim::checker {

class IncrementalChecker final : public HistoryObserver {
 public:
  explicit IncrementalChecker(CheckOptions options = {}) : options_(options) {}

  void invoked(Ticket ticket, const Operation& pending) override;
  void completed(Ticket ticket, sim::Time return_time, const KvOutput& output) override;
  void failed(Ticket ticket) override;

  Verdict verdict();
  // The whole result; `keys` sorted by key, ids are tickets.
  const CheckResult& result();

  // Key searches run so far (for tests and metrics).
  std::uint64_t searches() const { return searches_; }

 private:
  struct KeyHistory {
    std::string name;
    ValueTable values;            // the key's values, interned once as operations arrive
    std::vector<Ticket> tickets;  // in invocation order
    bool dirty = false;
    bool searched = false;
    std::size_t searched_size = 0;  // tickets at the last search
    KeyResult result;
  };
  struct Slot {
    KeyHistory* key = nullptr;  // null: not observed (invoked before attaching) or failed
    Operation operation;
    KeyOp compiled;  // `operation` compiled against the key's values
  };

  void touch(KeyHistory& key);
  void refresh();
  void count(const KeyResult& result, int sign);

  CheckOptions options_;
  std::map<std::string, KeyHistory> keys_;
  std::vector<Slot> slots_;  // by ticket
  std::vector<KeyHistory*> dirty_;
  std::size_t ok_keys_ = 0;
  std::size_t illegal_keys_ = 0;
  std::size_t unknown_keys_ = 0;
  CheckResult result_;
  bool result_current_ = true;
  std::uint64_t searches_ = 0;
};

}  // namespace kcsim::checker
