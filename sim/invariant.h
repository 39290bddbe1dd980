// Always-on assertions for invariants: KCSIM_ASSERT(condition) and
// KCSIM_ASSERT_MSG(condition, "why").
//
// Contract:
//  - Evaluated in every build type: Debug, Release and the sanitizer build alike. They do
//    not depend on NDEBUG (the standard `assert` does, and every build that runs the tests
//    defines it, so a `assert` is never evaluated where it matters: in the seeded runs).
//  - On failure: prints `file:line: invariant failed: condition` (and `: why` for
//    KCSIM_ASSERT_MSG) to stderr, then std::abort(). Never returns, never throws.
//  - Cheap on success: one branch, hinted as taken with __builtin_expect; the message is a
//    string literal passed by pointer, so nothing is formatted unless the check fails. The
//    failure path is a cold, out-of-line function.
//  - The condition is evaluated exactly once. It must have no side effect (a run must be
//    the same with the checks as it would be without).
//
// The rule (TigerBeetle's, adapted):
//  - An assertion states an invariant: something that holds in every run of a correct
//    program, whatever the input, the seed or the faults. A failure is a bug in kcsim:
//    the run cannot go on meaningfully, so it stops at the first wrong state, where the
//    evidence is, rather than reporting a wrong result later.
//  - An error value (a status, std::optional, an exception at a boundary) is for what a
//    correct program must expect: bad input (a scenario file), a fault the simulation
//    injects (a full or failing disk, a lost message), a request the model refuses
//    (a compacted revision). Never assert on these.
//  - One condition per assertion (`KCSIM_ASSERT(a); KCSIM_ASSERT(b);`, not `a && b`), so
//    that a failure says which one broke. Assert the forbidden case as well as the
//    expected one, and pair assertions across a boundary (what is handed to storage is
//    checked when handed over, and again when it is taken back).
//  - Keep them cheap: O(1) on hot paths. An O(n) check belongs in a checker or a test.
#pragma once

namespace kcsim::sim {

// Reports a failed invariant and aborts. Called only by the macros below.
[[noreturn, gnu::cold, gnu::noinline]] void invariant_failed(const char* file, int line,
                                                             const char* condition,
                                                             const char* message);

}  // namespace kcsim::sim

#define KCSIM_ASSERT(condition)                      \
  (__builtin_expect(static_cast<bool>(condition), 1) \
       ? static_cast<void>(0)                        \
       : ::kcsim::sim::invariant_failed(__FILE__, __LINE__, #condition, nullptr))

// `message` is a string literal saying why the condition must hold, or what broke.
#define KCSIM_ASSERT_MSG(condition, message)         \
  (__builtin_expect(static_cast<bool>(condition), 1) \
       ? static_cast<void>(0)                        \
       : ::kcsim::sim::invariant_failed(__FILE__, __LINE__, #condition, "" message))
