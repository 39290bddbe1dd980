#include "model/apiserver/flowcontrol/shuffle_shard.h"

#include <array>

#include "sim/invariant.h"

namespace kcsim::flowcontrol {

std::vector<int> deal_hand(std::uint64_t hash, int deck_size, int hand_size) {
  KCSIM_ASSERT(hand_size >= 1);
  KCSIM_ASSERT(hand_size <= 15);
  KCSIM_ASSERT(hand_size <= deck_size);
  std::array<int, 15> remainders{};
  for (int i = 0; i < hand_size; ++i) {
    const auto radix = static_cast<std::uint64_t>(deck_size - i);
    const std::uint64_t next = hash / radix;
    remainders[i] = static_cast<int>(hash - radix * next);
    hash = next;
  }
  std::vector<int> hand;
  hand.reserve(static_cast<std::size_t>(hand_size));
  for (int i = 0; i < hand_size; ++i) {
    int card = remainders[i];
    for (int j = i; j > 0; --j) {
      if (card >= remainders[j - 1]) ++card;
    }
    hand.push_back(card);
  }
  return hand;
}

}  // namespace kcsim::flowcontrol
