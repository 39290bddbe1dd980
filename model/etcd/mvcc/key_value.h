// KeyValue and Event, as mvccpb.KeyValue and mvccpb.Event of etcd's API.
//
// Contract:
//  - A value is immutable once written and shared, so a large value is stored once
//    however many revisions, watchers and responses refer to it.
//  - A value is either text (etcd's own clients: etcdctl, the compactor, lease keepers,
//    the linearizability workload) or a typed payload: an opaque shared pointer to an
//    immutable object of the layer above (the API server stores its api::Object there,
//    so that etcd's store, its watch events and every watch cache hold ONE version).
//    etcd never looks inside a payload. A payload carries its modelled encoded size
//    (what a real etcd would store as bytes); every byte count of etcd (quota, request
//    and WAL sizes, watch message sizes, backend size) uses `size()`, the modelled size.
//  - Equality: two text values are equal when their texts are; two payloads are equal
//    when they are the same object (pointer identity: a payload is a version, and a new
//    version is a new object); a text never equals a payload. A payload's `text()` is
//    empty, so a VALUE compare in a txn sees a payload as "" (kube-apiserver never
//    compares values).
//  - `lease` is 0 (kNoLease) when the key is not attached to a lease.
//  - A DELETE event carries a KeyValue with only `key` and `mod_revision` set (the
//    revision of the delete), exactly as etcd's watchable store emits it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kcsim::etcd::mvcc {

using LeaseId = std::int64_t;
inline constexpr LeaseId kNoLease = 0;

class Value {
 public:
  // The empty text (shared; no allocation).
  Value();

  static Value text(std::string text);
  // A typed payload of `modelled_bytes` bytes; `payload` must not be null.
  template <typename T>
  static Value payload(std::shared_ptr<const T> payload, std::uint32_t modelled_bytes) {
    return Value(std::shared_ptr<const void>(std::move(payload)), &type_key<T>, modelled_bytes);
  }

  // The modelled size in bytes: the text's length, or the payload's modelled size.
  std::size_t size() const { return bytes_; }
  bool is_payload() const { return type_ != &type_key<std::string>; }
  // The text; empty for a payload.
  std::string_view text_view() const;
  // The payload if it is a T, else null.
  template <typename T>
  std::shared_ptr<const T> payload_as() const {
    if (type_ != &type_key<T>) return nullptr;
    return std::static_pointer_cast<const T>(data_);
  }

  // True when both hold the very same text or payload (shared, not copied).
  bool shares_storage_with(const Value& other) const { return data_ == other.data_; }

  friend bool operator==(const Value& a, const Value& b);

 private:
  // One object per type: its address identifies the type (compared, never ordered).
  template <typename T>
  static constexpr char type_key = 0;

  Value(std::shared_ptr<const void> data, const char* type, std::uint32_t bytes);

  std::shared_ptr<const void> data_;  // a const std::string for text
  const char* type_;
  std::uint32_t bytes_;
};

// The shared empty value.
const Value& empty_value();

// Wraps `text` as a shared immutable value.
Value make_value(std::string text);

struct KeyValue {
  std::string key;
  Value value;
  std::int64_t create_revision = 0;
  std::int64_t mod_revision = 0;
  std::int64_t version = 0;  // 1 at creation, +1 per put, reset by delete
  LeaseId lease = kNoLease;

  std::string_view value_view() const { return value.text_view(); }
  friend bool operator==(const KeyValue& a, const KeyValue& b) = default;
};

enum class EventType { kPut, kDelete };

struct Event {
  EventType type = EventType::kPut;
  KeyValue kv;
  std::optional<KeyValue> prev_kv;  // set only for watchers that asked for prev_kv

  friend bool operator==(const Event& a, const Event& b) = default;
};

}  // namespace kcsim::etcd::mvcc
