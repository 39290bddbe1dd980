#include "model/loadgen/api_clients_schema.h"

#include <set>
#include <string>

#include "model/loadgen/resources.h"
#include "model/runner/load_loop_key.h"
#include "model/scenario/read_values.h"

namespace kcsim::loadgen {
namespace {

using scenario::Field;
using scenario::MapReader;
using scenario::ParseContext;
using scenario::Schema;

constexpr double kRateMax = 1e7;
constexpr double kQpsMax = 1e6;
constexpr std::uint64_t kBurstMax = 1'000'000;
constexpr std::uint64_t kObjectsMax = 100'000'000;
constexpr std::uint64_t kInFlightMax = 1'000'000;
constexpr std::size_t kNamespacesMax = 10'000;

// A group's name becomes process names (<name>-0): a DNS label, as Kubernetes names are.
bool is_dns_label(const std::string& name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return name.front() != '-' && name.back() != '-';
}

// The resources a group may name, in the kinds' order (for the schema's enum).
std::vector<std::string> resource_names() {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < api::kKindCount; ++i)
    names.emplace_back(api::resource_of(static_cast<api::Kind>(i)).resource);
  return names;
}

Schema<VerbWeights> verbs_schema() {
  return Schema<VerbWeights>("the verb weights")
      .real("get", &VerbWeights::get, 0, 1e9)
      .real("list", &VerbWeights::list, 0, 1e9)
      .real("create", &VerbWeights::create, 0, 1e9)
      .real("update", &VerbWeights::update, 0, 1e9)
      .real("patch", &VerbWeights::patch, 0, 1e9)
      .real("delete", &VerbWeights::remove, 0, 1e9)
      .rule([](ParseContext& ctx, const MapReader& map, VerbWeights& out) {
        const double total = out.get + out.list + out.create + out.update + out.patch + out.remove;
        if (total > 0) return;
        ctx.fail(map.field(), "expected at least one verb with a positive weight");
      });
}

// The verbs as a file gives them: a verb not given weighs 0 (even get, the default's).
scenario::Shape verbs_shape() {
  scenario::Shape shape = verbs_schema().shape();
  for (scenario::Shape& verb : shape.properties)
    verb.default_value = 0.0;
  shape.description = "the verb weights; a verb not given weighs 0 (default {get: 1})";
  return shape;
}

Schema<ClientUser> user_schema() {
  return Schema<ClientUser>("the client's user")
      .custom("name", "string", "loadgen",
              scenario::Shape::text("the user name such as system:node:node-1")
                  .defaulting(std::string("loadgen")),
              [](ParseContext& ctx, const MapReader& map, ClientUser& out) {
                const Field field = map.get("name");
                out.name = scenario::read_string(ctx, field, out.name);
                if (field.present && out.name.empty()) {
                  ctx.fail(field, "expected a user name such as system:node:node-1, found \"\"");
                }
              })
      .custom("groups", "list of names", "[system:authenticated]", scenario::names_shape(),
              [](ParseContext& ctx, const MapReader& map, ClientUser& out) {
                const Field field = map.get("groups");
                if (field.present) out.groups = scenario::read_names(ctx, field);
              });
}

Schema<ListSettings> list_schema() {
  return Schema<ListSettings>("the list options")
      .count("limit", &ListSettings::limit, 0, 1'000'000)
      .custom("resourceVersion", "\"0\" or \"\"", "\"\"",
              scenario::Shape::one_of_texts(
                  "\"0\" (any version, from the cache) or \"\" (the latest, a consistent read)",
                  {"0", ""}),
              [](ParseContext& ctx, const MapReader& map, ListSettings& out) {
                const Field field = map.get("resourceVersion");
                const std::string rv = scenario::read_string(ctx, field, out.rv_any ? "0" : "");
                if (rv != "0" && !rv.empty()) {
                  ctx.fail(field,
                           "expected \"0\" (any version, from the cache) or \"\" (unset: the "
                           "latest, a consistent read), found " +
                               scenario::describe(field));
                  return;
                }
                out.rv_any = rv == "0";
              });
}

Schema<ClientGroupSpec> group_schema() {
  return Schema<ClientGroupSpec>("a client group")
      .custom("name", "DNS label", "(required)",
              scenario::Shape::text("a group name such as kubelets: lower-case letters, "
                                    "digits and '-', at most 40")
                  .matching("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")
                  .must(),
              [](ParseContext& ctx, const MapReader& map, ClientGroupSpec& out) {
                const Field field = map.require("name", "a group name such as kubelets");
                if (!field.present) return;
                out.name = scenario::read_string(ctx, field, "");
                if (!ctx.failed() && !is_dns_label(out.name)) {
                  ctx.fail(field,
                           "expected a name of lower-case letters, digits and '-' (at most 40), "
                           "found " +
                               scenario::describe(field));
                }
              })
      .count("count", &ClientGroupSpec::count, 0, kClientsPerGroupMax)
      .custom("mode", runner::kLoadLoopType,
              std::string(sim::load_loop_name(ClientGroupSpec{}.mode)),
              runner::load_loop_shape(ClientGroupSpec{}.mode),
              [](ParseContext& ctx, const MapReader& map, ClientGroupSpec& out) {
                runner::read_load_loop(ctx, map.get("mode"), out.mode);
              })
      .real("rate", &ClientGroupSpec::rate, 0, kRateMax)
      .custom("verbs", "mapping of verb weights", "{get: 1}", verbs_shape(),
              [](ParseContext& ctx, const MapReader& map, ClientGroupSpec& out) {
                const Field field = map.get("verbs");
                if (!field.present) return;  // gets only
                VerbWeights weights;
                weights.get = 0;  // the verbs given, and only those
                verbs_schema().parse(ctx, field, weights);
                out.verbs = weights;
              })
      .custom("resource", "resource name", "configmaps",
              scenario::Shape::one_of_texts("the resource the group requests", resource_names())
                  .defaulting(std::string("configmaps")),
              [](ParseContext& ctx, const MapReader& map, ClientGroupSpec& out) {
                const Field field = map.get("resource");
                out.resource = scenario::read_string(ctx, field, out.resource);
                if (!ctx.failed() && !api::kind_of_resource(out.resource)) {
                  ctx.fail(field, "expected a resource (" + known_resources() + "), found " +
                                      scenario::describe(field));
                }
              })
      .custom("namespaces", "list of names", "[default]", scenario::names_shape(),
              [](ParseContext& ctx, const MapReader& map, ClientGroupSpec& out) {
                const Field field = map.get("namespaces");
                if (!field.present) return;
                out.namespaces = scenario::read_names(ctx, field);
                if (!ctx.failed() && out.namespaces.size() > kNamespacesMax) {
                  ctx.fail(field, "expected at most 10000 namespaces");
                }
              })
      .count("objects", &ClientGroupSpec::objects, 1, kObjectsMax)
      .size("objectBytes", &ClientGroupSpec::object_bytes, 1)
      .rule([](ParseContext& ctx, const MapReader& map, ClientGroupSpec& out) {
        if (out.object_bytes <= UINT32_MAX) return;
        ctx.fail(map.get("objectBytes"), "expected at most 4GiB");
      })
      .section<ClientUser>("user", &ClientGroupSpec::user,
                           [](const ClientGroupSpec&) { return user_schema(); })
      .real("qps", &ClientGroupSpec::qps, 0, kQpsMax)
      .count("burst", &ClientGroupSpec::burst, 1, kBurstMax)
      .section<ListSettings>("list", &ClientGroupSpec::list,
                             [](const ClientGroupSpec&) { return list_schema(); })
      .count("watchers", &ClientGroupSpec::watchers, 0, kClientsPerGroupMax)
      .count("maxInFlight", &ClientGroupSpec::max_in_flight, 1, kInFlightMax)
      .duration("timeout", &ClientGroupSpec::timeout, sim::kMillisecond)
      .boolean("readModifyWrite", &ClientGroupSpec::read_modify_write);
}

}  // namespace

Schema<ApiClientsSpec> api_clients_schema() {
  return Schema<ApiClientsSpec>("the API client groups")
      .boolean("direct", &ApiClientsSpec::direct)
      .custom("groups", "list of client groups", "[]",
              scenario::Shape::list(group_schema().shape(), 1, kGroupsMax)
                  .described("the client groups, each its own processes <name>-N"),
              [](ParseContext& ctx, const MapReader& map, ApiClientsSpec& out) {
                const Field field = map.get("groups");
                std::set<std::string> names;
                for (const Field& element :
                     scenario::read_list(ctx, field, 1, kGroupsMax, "a list of client groups")) {
                  ClientGroupSpec group;
                  group_schema().parse(ctx, element, group);
                  if (ctx.failed()) return;
                  if (!names.insert(group.name).second) {
                    ctx.fail(element,
                             "expected distinct group names, found \"" + group.name + "\" twice");
                    return;
                  }
                  out.groups.push_back(std::move(group));
                }
              });
}

}  // namespace kcsim::loadgen
