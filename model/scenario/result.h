// Result<T, E>: a value or an error, the way expected failures travel in kcsim.
//
// Contract:
//  - Holds exactly one of a `T` or an `E`; `ok()` says which.
//  - `value()` and `error()` assert that the matching alternative is held: reading the
//    wrong one is a programming error, never an input error.
//  - C++20 has no std::expected; this is the small part of it we need.
#pragma once

#include <utility>

#include <variant>
#include "sim/invariant.h"

namespace kcsim::scenario {

template <class T, class E>
class Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    KCSIM_ASSERT(ok());
    return std::get<0>(state_);
  }
  T& value() & {
    KCSIM_ASSERT(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    KCSIM_ASSERT(ok());
    return std::get<0>(std::move(state_));
  }
  const E& error() const {
    KCSIM_ASSERT(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, E> state_;
};

}  // namespace kcsim::scenario
