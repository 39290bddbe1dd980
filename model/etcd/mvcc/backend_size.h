// A model of the size of etcd's bbolt backend file, for --quota-backend-bytes.
//
// Contract:
//  - Each stored revision of a key (a backend record) takes
//    key + value + kRecordOverheadBytes in use; a tombstone takes key + overhead;
//    a lease record takes kLeaseRecordBytes. The overhead estimates one bbolt leaf
//    element header (16 bytes), the 17-byte revision key, and the protobuf framing of
//    mvccpb.KeyValue (field tags, length prefixes, three revision varints, the lease:
//    about 30 bytes): 64 bytes in all. Page fill and branch pages are not modelled.
//  - `file_bytes` is what etcd's quota compares (backend.Size()): bbolt never gives
//    pages back to the file system, so it only grows. Pages freed by compaction are
//    reused by later writes, so the file grows only when the bytes in use exceed it.
//  - `defragment()` rewrites the file to the live data (etcdctl defrag): file_bytes
//    becomes in_use_bytes.
//  - An empty member's file is kEmptyBackendBytes (etcd reports a 20 KiB dbSize for a
//    fresh member: the two meta pages, freelist, and the schema's buckets).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kcsim::etcd::mvcc {

inline constexpr std::int64_t kRecordOverheadBytes = 64;
inline constexpr std::int64_t kLeaseRecordBytes = 64;
inline constexpr std::int64_t kEmptyBackendBytes = 20 * 1024;

// `value_bytes` is the value's modelled size (Value::size(), key_value.h).
constexpr std::int64_t record_bytes(std::string_view key, std::size_t value_bytes) {
  return static_cast<std::int64_t>(key.size() + value_bytes) + kRecordOverheadBytes;
}
constexpr std::int64_t record_bytes(std::string_view key, std::string_view value) {
  return record_bytes(key, value.size());
}

struct BackendSize {
  std::int64_t file_bytes = kEmptyBackendBytes;
  std::int64_t in_use_bytes = kEmptyBackendBytes;

  // Records the bytes now in use; the file grows to hold them and never shrinks.
  void observe_in_use(std::int64_t bytes);
  void defragment() { file_bytes = in_use_bytes; }

  friend bool operator==(const BackendSize&, const BackendSize&) = default;
};

}  // namespace kcsim::etcd::mvcc
