#include "model/apiserver/component/apiserver_actions.h"

#include <string>

#include "model/scenario/read_values.h"

namespace kcsim::apiserver {

std::vector<component::ActionSpec> apiserver_actions() {
  component::ActionSpec rolling;
  rolling.key = std::string(kRollingRestartKey);
  rolling.parse_value = [](scenario::ParseContext& ctx, const component::ActionInput& in,
                           scenario::TimelineEntry& out) {
    out.target = scenario::read_string(ctx, in.value, "");
    if (ctx.failed() || out.target == "apiServers") return;
    ctx.fail(in.value, "expected apiServers (the replicas to restart one by one), found \"" +
                           out.target + "\"");
  };
  return {std::move(rolling)};
}

}  // namespace kcsim::apiserver
