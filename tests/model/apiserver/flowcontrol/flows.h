// Flows for the fair-queuing tests: a flow whose shuffle-sharding hand shares no queue
// with another's, so that the two never meet in a queue.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "model/apiserver/flowcontrol/flow_hash.h"
#include "model/apiserver/flowcontrol/shuffle_shard.h"

namespace kcsim::flowcontrol::testing {

// The hash of the first flow "<prefix>-0", "<prefix>-1", ... of `schema` whose hand of
// `hand` queues out of `queues` is disjoint from the hand of `other` (what shuffle
// sharding makes likely: with 128 queues and hands of 6, C(122, 6) / C(128, 6) = 0.74).
inline std::uint64_t flow_apart_from(std::uint64_t other, const std::string& schema,
                                     const std::string& prefix, int queues, int hand) {
  const std::vector<int> other_hand = deal_hand(other, queues, hand);
  for (int i = 0;; ++i) {
    const std::uint64_t flow = hash_flow_id(schema, prefix + "-" + std::to_string(i));
    const std::vector<int> h = deal_hand(flow, queues, hand);
    if (std::none_of(h.begin(), h.end(), [&](int q) {
          return std::find(other_hand.begin(), other_hand.end(), q) != other_hand.end();
        })) {
      return flow;
    }
  }
}

}  // namespace kcsim::flowcontrol::testing
