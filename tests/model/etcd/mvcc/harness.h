// A test harness around mvcc::Store: applies requests at consecutive Raft indexes and
// unwraps responses, so that tests read as the sequence of operations they check.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <variant>

#include "model/etcd/mvcc/store.h"

namespace kcsim::etcd::mvcc::testing {

class Harness {
 public:
  explicit Harness(StoreConfig config = {}) : store(config) {}

  ApplyResult apply(const Request& request) { return store.apply(++index, 1, request, now); }

  // Applies a put and returns the revision it produced (expects success).
  std::int64_t put(const std::string& key, const std::string& value, LeaseId lease = kNoLease) {
    ApplyResult result = apply(PutRequest{key, make_value(value), lease});
    EXPECT_EQ(result.error, Error::kOk) << error_name(result.error);
    return store.current_revision();
  }

  std::int64_t del(KeyRange range) {
    ApplyResult result = apply(DeleteRangeRequest{std::move(range)});
    EXPECT_EQ(result.error, Error::kOk);
    return std::get<DeleteRangeResponse>(result.response).deleted;
  }

  RangeResponse get(KeyRange range, std::int64_t revision = 0) {
    RangeRequest request;
    request.range = std::move(range);
    request.revision = revision;
    ReadResult result = store.range(request);
    EXPECT_EQ(result.error, Error::kOk) << error_name(result.error);
    return result.response;
  }

  // The value of `key` at `revision`, or "<none>".
  std::string value(const std::string& key, std::int64_t revision = 0) {
    RangeResponse response = get(KeyRange::single(key), revision);
    if (response.kvs.empty()) return "<none>";
    return std::string(response.kvs.front().value_view());
  }

  Store store;
  std::uint64_t index = 0;
  sim::Time now = 0;
};

}  // namespace kcsim::etcd::mvcc::testing
