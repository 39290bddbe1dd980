// The watches a mutation's event will fan out to, for the mutating work estimator.
//
// Source: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/watch_tracker.go
// (GetInterestedWatchCount): a mutation of (kind, namespace, name) interests the watches
// of the whole kind, of the kind in that namespace, and of that one object. Reads
// interest none. Counts only: a watch registers when it starts and forgets when it ends.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "model/apiserver/api/wire.h"

namespace kcsim::flowcontrol {

class WatchTracker {
 public:
  using Token = std::uint64_t;
  // A WATCH request starting: its kind, namespace ("" all) and name ("" all).
  Token register_watch(const api::ApiRequest& watch);
  void forget_watch(Token token);
  int interested_watch_count(const api::ApiRequest& request) const;
  std::size_t size() const { return watches_.size(); }

 private:
  using Key = std::tuple<api::Kind, std::string, std::string>;
  std::map<Key, int> counts_;
  std::map<Token, Key> watches_;
  Token next_token_ = 1;
};

}  // namespace kcsim::flowcontrol
