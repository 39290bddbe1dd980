// Overloaded: a set of lambdas as one visitor for std::visit.
//   std::visit(Overloaded{[](const Put&) {...}, [](const Range&) {...}}, request);
#pragma once

namespace kcsim::sim {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace kcsim::sim
