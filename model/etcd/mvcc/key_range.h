// A key or a range of keys, with etcd's conventions for `range_end`.
//
// Contract (etcdserverpb.RangeRequest):
//  - `range_end` empty: the single key `key`.
//  - `range_end` == "\0" (one zero byte): every key >= `key` ("from key").
//  - otherwise: the half-open interval [key, range_end), compared as bytes.
//  - `key` == "\0" together with `range_end` == "\0" means all keys.
//  - `prefix_range_end(p)` is clientv3.GetPrefixRangeEnd: the range end that selects
//    every key with prefix `p` (the last byte below 0xff incremented, the rest dropped;
//    "\0" when every byte is 0xff or `p` is empty).
#pragma once

#include <string>
#include <string_view>

namespace kcsim::etcd::mvcc {

struct KeyRange {
  std::string key;
  std::string range_end;

  static KeyRange single(std::string key);
  static KeyRange prefix(std::string prefix);
  static KeyRange from_key(std::string key);  // every key >= key

  bool is_single_key() const { return range_end.empty(); }
  bool is_open_ended() const { return range_end.size() == 1 && range_end[0] == '\0'; }
  bool contains(std::string_view candidate) const;
};

std::string prefix_range_end(std::string_view prefix);

}  // namespace kcsim::etcd::mvcc
