#include "model/etcd/mvcc/key_value.h"

#include <utility>

namespace kcsim::etcd::mvcc {

const Value& empty_value() {
  static const Value empty = std::make_shared<const std::string>();
  return empty;
}

Value make_value(std::string text) {
  if (text.empty()) return empty_value();
  return std::make_shared<const std::string>(std::move(text));
}

bool operator==(const KeyValue& a, const KeyValue& b) {
  return a.key == b.key && *a.value == *b.value && a.create_revision == b.create_revision &&
         a.mod_revision == b.mod_revision && a.version == b.version && a.lease == b.lease;
}

}  // namespace kcsim::etcd::mvcc
