// Registry: the components a run knows, in a fixed order of registration.
//
// Contract:
//  - Order is registration order, and it is the order everything iterates in: the
//    cluster's keys in messages, parsing, targets, building (so process ids), outputs.
//    The built-in registry (builtin.h) registers pingMesh then etcd.
//  - Keys are unique, and so are action keys, among components and against the
//    kernel's actions (crash, partition, ...): add() asserts it.
//  - A Registry owns its components and is immutable once built; it is passed by
//    const reference to the parser, the world and the run. Tests build their own.
#pragma once

#include <memory>

#include <optional>
#include <string_view>
#include <utility>
#include <vector>
#include "sim/invariant.h"

#include "model/component/component.h"

namespace kcsim::component {

class Registry {
 public:
  struct ActionRef {
    const Component* component = nullptr;
    const ActionSpec* action = nullptr;
  };

  Registry() = default;
  Registry(Registry&&) = default;
  Registry& operator=(Registry&&) = default;

  Registry& add(std::unique_ptr<Component> component) {
    KCSIM_ASSERT(component != nullptr);
    KCSIM_ASSERT(find(component->key()) == nullptr);
    for ([[maybe_unused]] const ActionSpec& action : component->actions()) {
      KCSIM_ASSERT(!find_action(action.key).has_value());
      KCSIM_ASSERT(!scenario::kernel_action_from_key(action.key).has_value());
    }
    components_.push_back(std::move(component));
    return *this;
  }

  const std::vector<std::unique_ptr<Component>>& components() const { return components_; }

  const Component* find(std::string_view key) const {
    for (const auto& component : components_) {
      if (component->key() == key) return component.get();
    }
    return nullptr;
  }

  std::optional<ActionRef> find_action(std::string_view key) const {
    for (const auto& component : components_) {
      for (const ActionSpec& action : component->actions()) {
        if (action.key == key) return ActionRef{component.get(), &action};
      }
    }
    return std::nullopt;
  }

 private:
  std::vector<std::unique_ptr<Component>> components_;
};

}  // namespace kcsim::component
