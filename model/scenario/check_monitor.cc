#include "model/scenario/check_monitor.h"

#include "sim/invariant.h"

#include <algorithm>
#include <limits>

namespace kcsim::scenario {
namespace {

std::string at(sim::Time t) {
  return sim::format_duration(t);
}

std::string with_values(std::string text, const std::string& values) {
  if (values.empty()) return text;
  return text + ": " + values;
}

// An `over` check's window: to the end of the run when the check gives no length.
constexpr sim::Time kToTheEnd = std::numeric_limits<sim::Time>::max();

// "over [10s, 20s] (10s after kill the leader)", "over [50s, 60s] (from heal to the end)".
std::string window_text(const CheckSpec& spec, sim::Time start, sim::Time end) {
  const std::string span = "over [" + at(start) + ", " + at(end) + "] (";
  if (spec.over == 0) return span + "from " + spec.after + " to the end)";
  return span + at(spec.over) + " after " + spec.after + ")";
}

}  // namespace

CheckMonitor::CheckMonitor(std::vector<CheckSpec> checks) {
  states_.reserve(checks.size());
  for (CheckSpec& spec : checks) {
    KCSIM_ASSERT(!spec.predicate.nodes.empty());
    State state;
    state.spec = std::move(spec);
    states_.push_back(std::move(state));
  }
}

void CheckMonitor::fail(State& state, std::string detail) {
  KCSIM_ASSERT(state.status == Status::kPending);
  state.status = Status::kFailed;
  state.detail = std::move(detail);
  state.windows.clear();
}

void CheckMonitor::pass(State& state, std::string detail) {
  KCSIM_ASSERT(state.status == Status::kPending);
  state.status = Status::kPassed;
  state.detail = std::move(detail);
}

void CheckMonitor::leave_undecided(State& state, std::string detail) {
  KCSIM_ASSERT(state.status == Status::kPending);
  state.status = Status::kUndecided;
  state.detail = std::move(detail);
  state.windows.clear();
}

void CheckMonitor::on_timeline_entry(const TimelineEntry& entry, sim::Time now) {
  const std::string canonical = entry.canonical_text();
  if (!entry.name.empty()) on_event(entry.name, now);
  if (entry.name != canonical) on_event(canonical, now);
}

void CheckMonitor::on_event(std::string_view text, sim::Time now) {
  KCSIM_ASSERT(!finished_);
  KCSIM_ASSERT(now >= last_event_);
  last_event_ = now;
  for (State& state : states_) {
    const bool windowed =
        state.spec.kind == CheckKind::kWithin || state.spec.kind == CheckKind::kOver;
    if (!windowed || state.spec.after != text) continue;
    ++state.occurrences;
    if (state.status != Status::kPending) continue;
    if (state.windows.size() == kOpenWindowsMax) {
      fail(state, "more than " + std::to_string(kOpenWindowsMax) + " open windows after " +
                      state.spec.after);
      continue;
    }
    if (state.spec.kind == CheckKind::kWithin) {
      state.windows.push_back(Window{now, now + state.spec.within});
    } else {
      state.windows.push_back(Window{now, state.spec.over > 0 ? now + state.spec.over : kToTheEnd});
    }
  }
}

bool CheckMonitor::read(State& state, sim::Time now, const Lookup& lookup, Truth& value) {
  const Result<Truth, UnknownName> result = evaluate_truth(state.spec.predicate, lookup);
  if (!result) {
    fail(state, "unknown name \"" + result.error().name + "\" at " + at(now));
    return false;
  }
  value = result.value();
  state.evaluated = true;
  state.last_time = now;
  state.last_values = describe_values(state.spec.predicate, lookup);
  if (value == Truth::kUndecided && state.first_undecided.empty()) {
    state.first_undecided = with_values("first undecided at " + at(now), state.last_values);
  }
  return true;
}

void CheckMonitor::evaluate_always(State& state, sim::Time now, const Lookup& lookup) {
  if (now < state.spec.from || now > state.spec.until) return;
  Truth value = Truth::kFalse;
  if (!read(state, now, lookup, value)) return;
  ++state.evaluations;
  if (value == Truth::kUndecided) ++state.undecided;
  if (value == Truth::kFalse) {
    fail(state, with_values("first false at " + at(now), state.last_values));
  }
}

void CheckMonitor::by_missed(State& state, sim::Time now) {
  std::string detail = "never true by " + at(state.spec.by);
  if (now < state.spec.by) detail += " (the run ended at " + at(now) + ")";
  if (state.undecided > 0) {
    detail += "; undecided at " + std::to_string(state.undecided) + " evaluation(s), " +
              state.first_undecided;
    leave_undecided(state, std::move(detail));
    return;
  }
  if (state.evaluated) {
    detail += with_values("; last evaluated at " + at(state.last_time), state.last_values);
  }
  fail(state, std::move(detail));
}

void CheckMonitor::evaluate_by(State& state, sim::Time now, const Lookup& lookup) {
  if (now > state.spec.by) {
    by_missed(state, now);
    return;
  }
  Truth value = Truth::kFalse;
  if (!read(state, now, lookup, value)) return;
  if (value == Truth::kUndecided) ++state.undecided;
  if (value == Truth::kTrue) pass(state, with_values("true at " + at(now), state.last_values));
}

bool CheckMonitor::close_window(State& state, const Window& window, sim::Time closed) {
  if (window.undecided) {
    ++state.undecided;
    return true;
  }
  std::string detail = "not true from " + at(window.start) + " to " + at(closed);
  if (closed < window.end) {
    detail += " (the run ended before " + at(window.end) + ", " + at(state.spec.within) +
              " after " + state.spec.after + ")";
  } else {
    detail += " (within " + at(state.spec.within) + " after " + state.spec.after + ")";
  }
  if (state.evaluated && state.last_time >= window.start) {
    detail += with_values("; last evaluated at " + at(state.last_time), state.last_values);
  }
  fail(state, std::move(detail));
  return false;
}

void CheckMonitor::evaluate_within(State& state, sim::Time now, const Lookup& lookup) {
  // A window that closed before `now` without a true evaluation fails the check, unless
  // an evaluation in it was undecided.
  while (!state.windows.empty() && state.windows.front().end < now) {
    const Window window = state.windows.front();
    state.windows.pop_front();
    if (!close_window(state, window, window.end)) return;
  }
  if (state.windows.empty() || state.windows.front().start > now) return;
  Truth value = Truth::kFalse;
  if (!read(state, now, lookup, value)) return;
  if (value == Truth::kUndecided) {
    for (Window& window : state.windows) {
      if (window.start <= now) window.undecided = true;
    }
    return;
  }
  if (value == Truth::kFalse) return;
  // True now: every open window (all have start <= now <= end) is satisfied.
  if (state.first_pass.empty()) {
    state.first_pass = "true at " + at(now) + ", " + at(now - state.windows.front().start) +
                       " after " + state.spec.after;
  }
  while (!state.windows.empty() && state.windows.front().start <= now) {
    state.windows.pop_front();
  }
}

bool CheckMonitor::decide_over_window(State& state, const Window& window, sim::Time now,
                                      const Lookup& lookup) {
  const sim::Time end = std::min(window.end, now);
  const WindowLookup windowed(lookup, window.start, end);
  Truth value = Truth::kFalse;
  if (!read(state, now, windowed, value)) return false;
  std::string text = window_text(state.spec, window.start, end);
  if (end < window.end && window.end != kToTheEnd) text += ", cut short by the run's end";
  if (value == Truth::kFalse) {
    fail(state, with_values("false " + text, state.last_values));
    return false;
  }
  if (value == Truth::kUndecided) {
    ++state.undecided;
  } else if (state.first_pass.empty()) {
    state.first_pass = with_values("true " + text, state.last_values);
  }
  return true;
}

void CheckMonitor::evaluate_over(State& state, sim::Time now, const Lookup& lookup) {
  while (!state.windows.empty() && state.windows.front().end <= now) {
    const Window window = state.windows.front();
    state.windows.pop_front();
    if (!decide_over_window(state, window, now, lookup)) return;
  }
}

void CheckMonitor::decide_windows_at_finish(State& state,
                                            const std::function<bool(const Window&)>& close,
                                            const std::string& each) {
  if (state.occurrences == 0) {
    fail(state, state.spec.after + " never happened");
    return;
  }
  while (!state.windows.empty()) {
    const Window window = state.windows.front();
    state.windows.pop_front();
    if (!close(window)) return;
  }
  if (state.undecided > 0) {
    leave_undecided(state, "undecided in " + std::to_string(state.undecided) + " of " +
                               std::to_string(state.occurrences) + " windows after " +
                               state.spec.after + ", " + state.first_undecided);
    return;
  }
  std::string detail = state.first_pass;
  if (state.occurrences > 1) {
    detail += " (and " + each + " each of " + std::to_string(state.occurrences) + " occurrences)";
  }
  pass(state, std::move(detail));
}

void CheckMonitor::evaluate_state(State& state, sim::Time now, const Lookup& lookup) {
  if (state.status != Status::kPending) return;
  switch (state.spec.kind) {
    case CheckKind::kAlways:
      evaluate_always(state, now, lookup);
      return;
    case CheckKind::kBy:
      evaluate_by(state, now, lookup);
      return;
    case CheckKind::kWithin:
      evaluate_within(state, now, lookup);
      return;
    case CheckKind::kOver:
      evaluate_over(state, now, lookup);
      return;
    case CheckKind::kAtEnd:
      return;  // finish() only
  }
}

void CheckMonitor::evaluate(sim::Time now, const Lookup& lookup) {
  KCSIM_ASSERT(!finished_);
  KCSIM_ASSERT(now >= last_evaluation_);
  last_evaluation_ = now;
  for (State& state : states_) {
    evaluate_state(state, now, lookup);
  }
}

void CheckMonitor::decide_at_finish(State& state, sim::Time now, const Lookup& lookup) {
  if (state.status != Status::kPending) return;
  switch (state.spec.kind) {
    case CheckKind::kAlways:
      if (state.evaluations == 0) {
        fail(state, "never evaluated from " + at(state.spec.from) + " to " + at(state.spec.until));
      } else if (state.undecided > 0) {
        leave_undecided(state, "never false, but undecided at " + std::to_string(state.undecided) +
                                   " of " + std::to_string(state.evaluations) +
                                   " evaluations from " + at(state.spec.from) + " to " +
                                   at(std::min(state.spec.until, now)) + ", " +
                                   state.first_undecided);
      } else {
        pass(state, "true at all " + std::to_string(state.evaluations) + " evaluations from " +
                        at(state.spec.from) + " to " + at(std::min(state.spec.until, now)));
      }
      return;
    case CheckKind::kBy:
      by_missed(state, now);
      return;
    case CheckKind::kWithin:
      decide_windows_at_finish(
          state,
          [&](const Window& window) {
            return close_window(state, window, std::min(now, window.end));
          },
          "within " + at(state.spec.within) + " after");
      return;
    case CheckKind::kOver:
      decide_windows_at_finish(
          state,
          [&](const Window& window) { return decide_over_window(state, window, now, lookup); },
          "over the window after");
      return;
    case CheckKind::kAtEnd: {
      Truth value = Truth::kFalse;
      if (!read(state, now, lookup, value)) return;
      if (value == Truth::kTrue) {
        pass(state, with_values("true at the end (" + at(now) + ")", state.last_values));
      } else if (value == Truth::kUndecided) {
        leave_undecided(state,
                        with_values("undecided at the end (" + at(now) + ")", state.last_values));
      } else {
        fail(state, with_values("false at the end (" + at(now) + ")", state.last_values));
      }
      return;
    }
  }
}

bool CheckMonitor::not_evaluated_at_interrupt(State& state, sim::Time now) {
  if (state.status != Status::kPending) return false;
  const std::string cut = "the run was interrupted at " + at(now);
  std::string why;
  switch (state.spec.kind) {
    case CheckKind::kAlways:
      if (now >= state.spec.until) return false;
      why = cut + ", before " + at(state.spec.until);
      if (state.evaluations > 0) {
        why += " (true at all " + std::to_string(state.evaluations) + " evaluations so far)";
      }
      break;
    case CheckKind::kBy:
      if (now >= state.spec.by) return false;
      why = cut + ", before " + at(state.spec.by) + " (not true so far)";
      break;
    case CheckKind::kWithin: {
      const bool open = !state.windows.empty() && state.windows.back().end > now;
      if (state.occurrences > 0 && !open) return false;
      why = cut + (state.occurrences == 0
                       ? ", before " + state.spec.after + " happened"
                       : ", with a window after " + state.spec.after + " still open (until " +
                             at(state.windows.back().end) + ")");
      break;
    }
    case CheckKind::kOver: {
      const bool open = !state.windows.empty();  // a window not yet evaluated
      if (state.occurrences > 0 && !open) return false;
      why = cut + (state.occurrences == 0 ? ", before " + state.spec.after + " happened"
                   : state.windows.back().end == kToTheEnd
                       ? ", before the end of the window from " + state.spec.after
                       : ", with a window after " + state.spec.after + " still open (until " +
                             at(state.windows.back().end) + ")");
      break;
    }
    case CheckKind::kAtEnd:
      why = "meant for the end of the run; " + cut;
      break;
  }
  state.status = Status::kNotEvaluated;
  state.detail = "not evaluated: " + why;
  state.windows.clear();
  return true;
}

std::vector<CheckResult> CheckMonitor::finish(sim::Time now, const Lookup& lookup,
                                              bool interrupted) {
  if (finished_) return results_;
  if (now != last_evaluation_) evaluate(now, lookup);
  finished_ = true;
  for (State& state : states_) {
    if (!interrupted || !not_evaluated_at_interrupt(state, now)) {
      decide_at_finish(state, now, lookup);
    }
    KCSIM_ASSERT(state.status != Status::kPending);
    const CheckStatus status = state.status == Status::kPassed      ? CheckStatus::kPassed
                               : state.status == Status::kFailed    ? CheckStatus::kFailed
                               : state.status == Status::kUndecided ? CheckStatus::kUndecided
                                                                    : CheckStatus::kNotEvaluated;
    results_.push_back(
        CheckResult{state.spec.name, status == CheckStatus::kPassed, state.detail, status});
  }
  return results_;
}

bool CheckMonitor::any_failed() const {
  for (const State& state : states_) {
    if (state.status == Status::kFailed) return true;
  }
  return false;
}

}  // namespace kcsim::scenario
