#include "model/loadgen/resources.h"

#include <array>
#include <memory>
#include <utility>

namespace kcsim::loadgen {
namespace {

// A default body of the kind's alternative (Body's order is Kind's).
template <std::size_t... I>
api::Body body_of(api::Kind kind, std::index_sequence<I...>) {
  api::Body body;
  const auto index = static_cast<std::size_t>(kind);
  ((index == I ? (body.emplace<I>(), 0) : 0), ...);
  return body;
}

}  // namespace

std::string known_resources() {
  std::string out;
  for (std::size_t i = 0; i < api::kKindCount; ++i) {
    if (!out.empty()) out += ", ";
    out += api::resource_of(static_cast<api::Kind>(i)).resource;
  }
  return out;
}

std::shared_ptr<api::Object> make_object(api::Kind kind, std::string namespace_, std::string name,
                                         std::uint32_t bytes) {
  auto object = std::make_shared<api::Object>();
  object->meta.name = std::move(name);
  if (is_namespaced(kind)) object->meta.namespace_ = std::move(namespace_);
  object->body = body_of(kind, std::make_index_sequence<api::kKindCount>{});
  object->encoded_bytes = bytes;
  return object;
}

}  // namespace kcsim::loadgen
