// CheckSpec: one pass/fail condition of a scenario, as parsed.
//
// Contract (the semantics CheckMonitor implements):
//  - kAlways  `always: P` [from: T] [until: T]  true at every evaluation in [from, until];
//                                               until defaults to the scenario's duration.
//  - kBy      `expect: P, by: T`                 true at some evaluation at or before T.
//  - kWithin  `expect: P, within: D, after: E`   after each occurrence of timeline entry E
//                                                at t_E, true at some evaluation in
//                                                [t_E, t_E + D]; fails if E never fires.
//  - kAtEnd   `expect: P`                        evaluated once, when the run finishes.
//  - kOver    `expect: P, over: D, after: E`     after each occurrence of timeline entry E
//             `expect: P, after: E`              at t_E, evaluated once, at the first
//                                                evaluation at or after t_E + D (without
//                                                `over`: at the end of the run), with every
//                                                histogram statistic of P (one with no window
//                                                of its own) over the samples recorded in
//                                                [t_E, t_E + D] (or [t_E, end]): a window
//                                                relative to the event. Each occurrence's
//                                                window must hold; fails if E never fires.
//                                                The window must end within the run (checked
//                                                at load time against the entries' times).
//  - `after` was checked at load time to match a timeline entry's name or canonical text.
//  - `predicate_pos` is where the predicate text starts in the file, so a runner that
//    finds an unknown name can report it at a precise column (see name_error()). The
//    column is exact for a predicate written on one line (plain or quoted); for a block
//    or folded scalar it points at the scalar's start.
#pragma once

#include <cstdint>
#include <string>

#include "model/scenario/predicate.h"
#include "model/scenario/scenario_error.h"
#include "sim/time.h"

namespace kcsim::scenario {

enum class CheckKind : std::uint8_t { kAlways, kBy, kWithin, kAtEnd, kOver };

struct CheckSpec {
  std::string name;
  CheckKind kind = CheckKind::kAtEnd;
  Predicate predicate;
  sim::Time by = 0;      // kBy
  sim::Time within = 0;  // kWithin
  std::string after;     // kWithin, kOver: a timeline entry's name or canonical text
  sim::Time over = 0;    // kOver: the window's length; 0: to the end of the run
  sim::Time from = 0;    // kAlways
  sim::Time until = 0;   // kAlways

  SourcePos predicate_pos;         // the first character of the predicate text
  std::string predicate_key_path;  // "spec.checks[1].expect"
};

const char* check_kind_name(CheckKind kind);

// An error about `ref` (a name of `check`'s predicate) positioned at its column in the
// file, e.g. for a runner that does not know the name:
//   name_error(check, ref, "unknown metric") ->
//   "s.yaml:40:23: spec.checks[1].expect: unknown metric \"etcd.has_leadr\""
ScenarioError name_error(const CheckSpec& check, const NameRef& ref, std::string_view message);

}  // namespace kcsim::scenario
