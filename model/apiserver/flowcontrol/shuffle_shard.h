// Shuffle sharding: deal a hand of `hand_size` distinct queues out of a deck of
// `deck_size` from a flow's hash.
//
// Source: staging/src/k8s.io/apiserver/pkg/util/shufflesharding/shufflesharding.go
// (Dealer.Deal): the hash is read as a mixed-radix number, digit i in base (deck - i);
// digit i then picks the i-th card among those not dealt yet. Two flows collide on a
// whole hand only with probability 1 / C(deck, hand).
#pragma once

#include <cstdint>
#include <vector>

namespace kcsim::flowcontrol {

// Requires 1 <= hand_size <= min(deck_size, 15) (the real dealer's limits).
std::vector<int> deal_hand(std::uint64_t hash, int deck_size, int hand_size);

}  // namespace kcsim::flowcontrol
