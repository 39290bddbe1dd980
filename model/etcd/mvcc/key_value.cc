#include "model/etcd/mvcc/key_value.h"

#include <utility>

#include "sim/invariant.h"

namespace kcsim::etcd::mvcc {
namespace {

const std::shared_ptr<const std::string>& empty_text() {
  static const std::shared_ptr<const std::string> empty = std::make_shared<const std::string>();
  return empty;
}

}  // namespace

Value::Value() : data_(empty_text()), type_(&type_key<std::string>), bytes_(0) {}

Value::Value(std::shared_ptr<const void> data, const char* type, std::uint32_t bytes)
    : data_(std::move(data)), type_(type), bytes_(bytes) {
  KCSIM_ASSERT_MSG(data_ != nullptr, "a value never holds a null pointer");
}

Value Value::text(std::string text) {
  if (text.empty()) return Value();
  const auto bytes = static_cast<std::uint32_t>(text.size());
  KCSIM_ASSERT(bytes == text.size());
  return Value(std::make_shared<const std::string>(std::move(text)), &type_key<std::string>, bytes);
}

std::string_view Value::text_view() const {
  if (is_payload()) return {};
  return *static_cast<const std::string*>(data_.get());
}

bool operator==(const Value& a, const Value& b) {
  if (a.type_ != b.type_) return false;
  if (a.is_payload()) return a.data_ == b.data_;
  return a.text_view() == b.text_view();
}

const Value& empty_value() {
  static const Value empty;
  return empty;
}

Value make_value(std::string text) {
  return Value::text(std::move(text));
}

}  // namespace kcsim::etcd::mvcc
