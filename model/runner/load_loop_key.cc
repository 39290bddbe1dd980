#include "model/runner/load_loop_key.h"

#include "model/scenario/read_values.h"

namespace kcsim::runner {
namespace {

constexpr const char* kChoices =
    "open (requests arrive at a fixed rate, whatever the answers) or closed (a client sends "
    "its next request after the last one's answer)";

}  // namespace

scenario::Shape load_loop_shape(sim::LoadLoop fallback) {
  return scenario::Shape::one_of_texts(kChoices, {"open", "closed"})
      .defaulting(std::string(sim::load_loop_name(fallback)));
}

void read_load_loop(scenario::ParseContext& ctx, const scenario::Field& field, sim::LoadLoop& out) {
  if (!field.present) return;
  const std::string mode = scenario::read_string(ctx, field, "");
  if (ctx.failed()) return;
  if (mode == sim::load_loop_name(sim::LoadLoop::kOpen)) {
    out = sim::LoadLoop::kOpen;
  } else if (mode == sim::load_loop_name(sim::LoadLoop::kClosed)) {
    out = sim::LoadLoop::kClosed;
  } else {
    ctx.fail(field, std::string("expected ") + kChoices + ", found " + scenario::describe(field));
  }
}

}  // namespace kcsim::runner
