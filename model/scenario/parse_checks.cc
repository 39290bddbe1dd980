// The checks section: predicates and when they must hold.
#include <set>

#include "model/scenario/parse_sections.h"
#include "model/scenario/read_values.h"

namespace kcsim::scenario {
namespace {

std::vector<std::string_view> check_keys() {
  return {"name", "expect", "always", "by", "within", "over", "after", "from", "until"};
}

// Where the predicate's first character is: one past an opening quote.
SourcePos predicate_start(ParseContext& ctx, const Field& field) {
  SourcePos pos = ctx.position(field.value_mark(), field.path);
  const char first = ctx.char_at(field.value_mark());
  if (pos.file != "--set" && (first == '"' || first == '\'')) pos.column += 1;
  return pos;
}

void read_predicate(ParseContext& ctx, const Field& field, CheckSpec& out) {
  if (!field.present || ctx.failed()) return;
  if (!field.node.IsScalar()) {
    ctx.fail(field, "expected a predicate such as \"etcd.has_leader\" or \"x < 50ms\", found " +
                        describe(field.node));
    return;
  }
  out.predicate_pos = predicate_start(ctx, field);
  out.predicate_key_path = field.path;
  Result<Predicate, PredicateError> predicate = parse_predicate(field.node.Scalar());
  if (!predicate) {
    SourcePos at = out.predicate_pos;
    at.column += static_cast<int>(predicate.error().offset);
    ctx.fail_at_pos(at, field.path, predicate.error().message);
    return;
  }
  if (const std::optional<PredicateError> units = check_units(predicate.value())) {
    SourcePos at = out.predicate_pos;
    at.column += static_cast<int>(units->offset);
    ctx.fail_at_pos(at, field.path, units->message);
    return;
  }
  out.predicate = std::move(predicate).value();
}

// `key` may not be used with this kind of check.
void reject(ParseContext& ctx, const MapReader& map, std::string_view key, std::string_view why) {
  const Field field = map.get(key);
  if (ctx.failed() || !field.present) return;
  ctx.fail_at(field.key_mark, field.path, std::string(key) + " " + std::string(why));
}

sim::Time read_time_in_run(ParseContext& ctx, const Field& field, sim::Time fallback,
                           sim::Time duration) {
  const sim::Time value = read_duration(ctx, field, fallback);
  if (!ctx.failed() && field.present && value > duration) {
    ctx.fail(field, "expected a time within the run (duration " + sim::format_duration(duration) +
                        "), found " + describe(field.node));
  }
  return value;
}

bool matches(const TimelineEntry& entry, std::string_view after) {
  return entry.name == after || entry.canonical_text() == after;
}

void read_after(ParseContext& ctx, const Field& field, const std::vector<TimelineEntry>& timeline,
                CheckSpec& out) {
  out.after = read_string(ctx, field, "");
  if (ctx.failed()) return;
  std::vector<std::string> known;
  for (const TimelineEntry& entry : timeline) {
    if (matches(entry, out.after)) return;
    known.push_back("\"" + (entry.name.empty() ? entry.canonical_text() : entry.name) + "\"");
  }
  ctx.fail(field,
           "expected the name or the text (\"<action> <target>\") of a timeline entry, "
           "found " +
               describe(field.node) + "; timeline: " + join_names(known));
}

// `over: D` after an entry at t: the window [t, t + D] must end within the run, so
// that its statistic is over the whole window.
void window_fits_run(ParseContext& ctx, const Field& over,
                     const std::vector<TimelineEntry>& timeline, sim::Time duration,
                     const CheckSpec& out) {
  for (const TimelineEntry& entry : timeline) {
    if (ctx.failed() || !matches(entry, out.after) || entry.at + out.over <= duration) continue;
    ctx.fail(over, "expected a window that ends within the run: \"" + out.after + "\" fires at " +
                       sim::format_duration(entry.at) + ", and " + sim::format_duration(entry.at) +
                       " + " + sim::format_duration(out.over) + " passes the duration " +
                       sim::format_duration(duration) + "; found " + describe(over.node));
  }
}

void parse_check(ParseContext& ctx, const Field& field, const std::vector<TimelineEntry>& timeline,
                 sim::Time duration, CheckSpec& out) {
  MapReader map(ctx, field, check_keys(),
                "a check such as {name: has leader, by: 10s, expect: etcd.has_leader}");
  if (!map.valid()) return;
  const Field name = map.require("name", "a short description of the check");
  out.name = read_string(ctx, name, "");
  if (!ctx.failed() && out.name.empty()) ctx.fail(name, "expected a non-empty name, found \"\"");
  const Field expect = map.get("expect");
  const Field always = map.get("always");
  if (ctx.failed()) return;
  if (expect.present == always.present) {
    ctx.fail(field, expect.present ? "expected either expect or always, found both"
                                   : "expected a predicate under expect or always, found neither");
    return;
  }
  if (always.present) {
    out.kind = CheckKind::kAlways;
    reject(ctx, map, "by", "applies to expect, not to always");
    reject(ctx, map, "within", "applies to expect, not to always");
    reject(ctx, map, "after", "applies to expect, not to always");
    read_predicate(ctx, always, out);
    out.from = read_time_in_run(ctx, map.get("from"), 0, duration);
    const Field until = map.get("until");
    out.until = read_time_in_run(ctx, until, duration, duration);
    if (!ctx.failed() && out.until < out.from) {
      ctx.fail(until, "expected until at or after from (" + sim::format_duration(out.from) +
                          "), found " + describe(until.node));
    }
    return;
  }
  reject(ctx, map, "from", "applies to always, not to expect");
  reject(ctx, map, "until", "applies to always, not to expect");
  read_predicate(ctx, expect, out);
  const Field by = map.get("by");
  const Field within = map.get("within");
  const Field over = map.get("over");
  const Field after = map.get("after");
  if (ctx.failed()) return;
  if (by.present && (within.present || over.present || after.present)) {
    const Field& second = within.present ? within : over.present ? over : after;
    ctx.fail_at(second.key_mark, second.path,
                "expected either by or within/over/after, found both");
    return;
  }
  if (within.present && over.present) {
    ctx.fail_at(over.key_mark, over.path,
                "expected either within (the predicate true at some evaluation in the "
                "window) or over (its histogram statistics over the window), found both");
    return;
  }
  if (by.present) {
    out.kind = CheckKind::kBy;
    out.by = read_time_in_run(ctx, by, 0, duration);
    return;
  }
  if ((within.present || over.present) && !after.present) {
    ctx.fail(field, std::string(within.present ? "within" : "over") +
                        " needs after: the timeline entry it counts from");
    return;
  }
  if (after.present && !within.present) {
    out.kind = CheckKind::kOver;
    if (over.present) out.over = read_duration(ctx, over, 0, 1);
    read_after(ctx, after, timeline, out);
    if (!ctx.failed() && over.present) window_fits_run(ctx, over, timeline, duration, out);
    return;
  }
  if (within.present) {
    out.kind = CheckKind::kWithin;
    out.within = read_duration(ctx, within, 0, 1);
    read_after(ctx, after, timeline, out);
    return;
  }
  out.kind = CheckKind::kAtEnd;
}

}  // namespace

Shape check_shape() {
  const std::string predicate =
      "a predicate such as etcd.has_leader or \"etcd_request_duration_seconds.p99 < 50ms\"";
  Shape check = Shape::mapping(
      "a check such as {name: has leader, by: 10s, expect: etcd.has_leader}",
      {Shape::text("a short description of the check, unique").named("name").must(),
       Shape::text(predicate + ", to hold at the end, by a time, or within a time after an "
                               "entry")
           .named("expect"),
       Shape::text(predicate + ", to hold at every evaluation from `from` to `until`")
           .named("always"),
       Shape::duration(0).named("by").described("expect: holds at some time up to this one"),
       Shape::duration(1).named("within").described(
           "expect: holds within this long after the entry `after` names"),
       Shape::duration(1).named("over").described(
           "expect: its histogram statistics over this long after the entry `after` names "
           "(without over or within: from the entry to the end of the run)"),
       Shape::text("expect: the name or the text (\"<action> <target>\") of a timeline entry")
           .named("after"),
       Shape::duration(0).named("from").described("always: from this time (default 0s)"),
       Shape::duration(0).named("until").described(
           "always: until this time (default the run's end)")});
  check.exactly_one_of.push_back({"expect", "always"});
  check.requires_key = {{"within", "after"},  {"over", "after"},  {"by", "expect"},
                        {"within", "expect"}, {"over", "expect"}, {"after", "expect"},
                        {"from", "always"},   {"until", "always"}};
  assert_same_keys(check, check_keys());
  return check;
}

void parse_checks(ParseContext& ctx, const Field& field, const std::vector<TimelineEntry>& timeline,
                  sim::Time duration, std::vector<CheckSpec>& out) {
  if (!field.present) return;
  if (!field.node.IsSequence() || field.node.size() > kChecksMax) {
    ctx.fail(field, "expected a list of up to " + std::to_string(kChecksMax) +
                        " checks such as - {name: safe, always: etcd.linearizable}, found " +
                        describe(field.node));
    return;
  }
  std::set<std::string, std::less<>> names;
  for (std::size_t i = 0; i < field.node.size() && !ctx.failed(); ++i) {
    const Field check_field = field.element(field.node[i], i);
    CheckSpec check;
    parse_check(ctx, check_field, timeline, duration, check);
    if (!ctx.failed() && !names.insert(check.name).second) {
      MapReader map(ctx, check_field, check_keys(), "");
      ctx.fail(map.get("name"),
               "expected a unique check name, found \"" + check.name + "\" a second time");
    }
    out.push_back(std::move(check));
  }
}

}  // namespace kcsim::scenario
