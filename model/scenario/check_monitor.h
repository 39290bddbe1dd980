// CheckMonitor: decides each check of a scenario from the run's observations.
//
// Contract:
//  - Pure and incremental: it owns no clock and reads the run only through `Lookup`. The
//    runner calls, in nondecreasing time,
//      on_timeline_entry(entry, now)  when a timeline entry fires (or on_event(text, now)),
//      evaluate(now, lookup)          every checkInterval,
//      finish(now, lookup)            once, at the end of the run,
//    and gets one CheckResult per check, in the scenario's order.
//  - Semantics (see check_spec.h): `always` must be true at every evaluation in
//    [from, until]; `by T` true at some evaluation at or before T; `within D after E` true
//    at some evaluation in [t_E, t_E + D] after each occurrence of E, and E must occur;
//    `over D after E` once per occurrence of E, at the first evaluation at or after
//    t_E + D (without D: by finish()), through a WindowLookup over [t_E, t_E + D] (so
//    histogram statistics read over the window, other names their value then), and E
//    must occur; a check with no timing key is evaluated once, by finish().
//  - An evaluation at the instant of an event counts for the event's window only if it
//    comes after on_event: the runner fires the entry first, then evaluates.
//  - A name the lookup does not know fails the check at once, saying which name and when.
//  - Undecided readings (a name read kUndecidedValue, lookup.h; predicate.h says how it spreads)
//    make a check undecided, neither passed nor failed, where the verdict depended on them:
//    `always` is undecided if some evaluation in range was undecided and none was false;
//    `by T` if it was never true by T and some evaluation was undecided; `within` if a
//    window that closed without a true evaluation had an undecided one (a window that
//    closed with neither fails the check); a check with no timing key if its one
//    evaluation was undecided. A failure outweighs an undecided reading: the check keeps
//    being evaluated, and fails if it can.
//  - Once decided, a check stays decided; finish() decides the rest. Every detail says
//    why, with times and the values of the predicate's names.
//  - An interrupted run (finish(now, lookup, /*interrupted=*/true)) decides only what it
//    can: a check still pending whose verdict needed the rest of the run (a check with no
//    timing key; `always` before its `until`; `by T` before T; `within` with a window
//    still open or an event not yet seen; `over` likewise) is "not evaluated", with the
//    reason. A check
//    already decided keeps its verdict, and one whose range had ended is decided as usual.
//  - Bounded: at most kOpenWindowsMax pending `within` or `over` windows per check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/check_spec.h"
#include "model/scenario/lookup.h"
#include "model/scenario/predicate.h"
#include "model/scenario/timeline.h"
#include "sim/time.h"

namespace kcsim::scenario {

inline constexpr std::size_t kOpenWindowsMax = 10'000;

// Passed, failed, undecided (a reading it depended on had no verdict), or not evaluated
// (the run was interrupted before the check could be decided): a run passes only if
// every check passed.
enum class CheckStatus : std::uint8_t { kPassed, kFailed, kUndecided, kNotEvaluated };

constexpr std::string_view to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPassed:
      return "passed";
    case CheckStatus::kFailed:
      return "failed";
    case CheckStatus::kUndecided:
      return "undecided";
    case CheckStatus::kNotEvaluated:
      return "not evaluated";
  }
  return "?";
}

struct CheckResult {
  std::string name;
  bool passed = false;  // status == kPassed
  std::string detail;
  CheckStatus status = CheckStatus::kFailed;
};

class CheckMonitor {
 public:
  explicit CheckMonitor(std::vector<CheckSpec> checks);

  // A timeline entry fired: matched against checks' `after` by name and canonical text.
  void on_timeline_entry(const TimelineEntry& entry, sim::Time now);
  // Something named `text` happened at `now`: opens the windows of checks after it.
  void on_event(std::string_view text, sim::Time now);
  void evaluate(sim::Time now, const Lookup& lookup);
  // Evaluates once more at `now` (unless evaluate() already ran at `now`), decides every
  // pending check, and returns all results. Call once; later calls return the same.
  // `interrupted`: the run was cut short at `now` (see the contract above).
  std::vector<CheckResult> finish(sim::Time now, const Lookup& lookup, bool interrupted = false);

  // True once any check has failed: a runner may stop early (fail fast).
  bool any_failed() const;
  std::size_t size() const { return states_.size(); }

 private:
  enum class Status : std::uint8_t { kPending, kPassed, kFailed, kUndecided, kNotEvaluated };
  struct Window {
    sim::Time start = 0;
    sim::Time end = 0;
    bool undecided = false;  // an evaluation in it was undecided
  };
  struct State {
    CheckSpec spec;
    Status status = Status::kPending;
    std::string detail;
    std::uint64_t evaluations = 0;  // in range, for `always`
    std::uint64_t occurrences = 0;  // of the `after` event, for `within`
    std::deque<Window> windows;     // open `within` windows, oldest first
    std::string first_pass;         // `within`, `over`: detail of the first satisfied window
    sim::Time last_time = 0;        // last evaluation that read the predicate
    std::string last_values;        // and the values it saw
    bool evaluated = false;
    std::uint64_t undecided = 0;  // undecided evaluations (or windows, for `within`)
    std::string first_undecided;  // when and with which values, for the detail
  };

  void evaluate_state(State& state, sim::Time now, const Lookup& lookup);
  void evaluate_always(State& state, sim::Time now, const Lookup& lookup);
  void evaluate_by(State& state, sim::Time now, const Lookup& lookup);
  void evaluate_within(State& state, sim::Time now, const Lookup& lookup);
  void evaluate_over(State& state, sim::Time now, const Lookup& lookup);
  // Reads an `over` check's predicate over `window` (cut at `now`); false if it failed.
  bool decide_over_window(State& state, const Window& window, sim::Time now, const Lookup& lookup);
  // `within` and `over` at the end: E must have happened; `close` decides each window
  // still pending (false: the check failed); then undecided or passed ("(and <each>
  // each of N occurrences)").
  void decide_windows_at_finish(State& state, const std::function<bool(const Window&)>& close,
                                const std::string& each);
  // Reads the predicate; on an unknown name fails the check and returns false. An
  // undecided reading is counted in `state.undecided`.
  bool read(State& state, sim::Time now, const Lookup& lookup, Truth& value);
  void decide_at_finish(State& state, sim::Time now, const Lookup& lookup);
  // For an interrupted run: leaves `state` not evaluated if its verdict needed the rest
  // of the run, and returns whether it did.
  static bool not_evaluated_at_interrupt(State& state, sim::Time now);
  // `by` past its deadline (or the run's end) without a true evaluation.
  void by_missed(State& state, sim::Time now);
  // A `within` window ended at `closed` without a true evaluation: fails the check, or
  // counts an undecided window and returns true.
  static bool close_window(State& state, const Window& window, sim::Time closed);

  static void fail(State& state, std::string detail);
  static void pass(State& state, std::string detail);
  static void leave_undecided(State& state, std::string detail);

  std::vector<State> states_;
  sim::Time last_evaluation_ = -1;
  sim::Time last_event_ = 0;
  bool finished_ = false;
  std::vector<CheckResult> results_;
};

}  // namespace kcsim::scenario
