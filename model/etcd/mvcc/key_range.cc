#include "model/etcd/mvcc/key_range.h"

#include <utility>

namespace kcsim::etcd::mvcc {

KeyRange KeyRange::single(std::string key) {
  return KeyRange{std::move(key), std::string()};
}

KeyRange KeyRange::prefix(std::string prefix) {
  std::string end = prefix_range_end(prefix);
  return KeyRange{std::move(prefix), std::move(end)};
}

KeyRange KeyRange::from_key(std::string key) {
  return KeyRange{std::move(key), std::string(1, '\0')};
}

bool KeyRange::contains(std::string_view candidate) const {
  if (is_single_key()) return candidate == key;
  if (candidate < std::string_view(key)) return false;
  if (is_open_ended()) return true;
  return candidate < std::string_view(range_end);
}

std::string prefix_range_end(std::string_view prefix) {
  std::string end(prefix);
  for (std::size_t i = end.size(); i > 0; --i) {
    auto byte = static_cast<unsigned char>(end[i - 1]);
    if (byte < 0xff) {
      end[i - 1] = static_cast<char>(byte + 1);
      end.resize(i);
      return end;
    }
  }
  // Every byte is 0xff (or the prefix is empty): no upper bound.
  return std::string(1, '\0');
}

}  // namespace kcsim::etcd::mvcc
