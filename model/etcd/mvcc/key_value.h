// KeyValue and Event, as mvccpb.KeyValue and mvccpb.Event of etcd's API.
//
// Contract:
//  - A value is immutable once written and shared (`Value` is a shared pointer to a
//    const string), so a large value is stored once however many revisions, watchers
//    and responses refer to it. A KeyValue never holds a null `value`.
//  - `lease` is 0 (kNoLease) when the key is not attached to a lease.
//  - A DELETE event carries a KeyValue with only `key` and `mod_revision` set (the
//    revision of the delete), exactly as etcd's watchable store emits it.
//  - Equality compares value contents, not pointers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kcsim::etcd::mvcc {

using LeaseId = std::int64_t;
inline constexpr LeaseId kNoLease = 0;

using Value = std::shared_ptr<const std::string>;

// The shared empty value, so that no KeyValue ever holds a null pointer.
const Value& empty_value();

// Wraps `text` as a shared immutable value.
Value make_value(std::string text);

struct KeyValue {
  std::string key;
  Value value = empty_value();
  std::int64_t create_revision = 0;
  std::int64_t mod_revision = 0;
  std::int64_t version = 0;  // 1 at creation, +1 per put, reset by delete
  LeaseId lease = kNoLease;

  std::string_view value_view() const { return *value; }
  friend bool operator==(const KeyValue& a, const KeyValue& b);
};

enum class EventType { kPut, kDelete };

struct Event {
  EventType type = EventType::kPut;
  KeyValue kv;
  std::optional<KeyValue> prev_kv;  // set only for watchers that asked for prev_kv

  friend bool operator==(const Event& a, const Event& b) = default;
};

}  // namespace kcsim::etcd::mvcc
