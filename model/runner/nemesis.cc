#include "model/runner/nemesis.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "sim/distributions.h"
#include "sim/random.h"

namespace kcsim::runner {
namespace {

struct Fault {
  sim::Time at;
  std::string yaml;  // the entry's fields after `at`
};

std::string ms(sim::Time t) {
  return fmt::format("{}ms", t / sim::kMillisecond);
}

std::string member(sim::Rng& rng, std::uint64_t members) {
  return fmt::format("etcd-{}", rng.below(members));
}

// A random split of the members into two non-empty groups.
std::string split(sim::Rng& rng, std::uint64_t members) {
  std::vector<std::string> a, b;
  const std::uint64_t alone = rng.below(members);
  for (std::uint64_t i = 0; i < members; ++i) {
    (i == alone || rng.chance(0.3) ? a : b).push_back(fmt::format("etcd-{}", i));
  }
  if (b.empty()) {
    b.push_back(a.back());
    a.pop_back();
  }
  return fmt::format("[[{}], [{}]]", fmt::join(a, ", "), fmt::join(b, ", "));
}

Fault draw(sim::Rng& rng, const NemesisOptions& o) {
  const sim::Time duration = sim::uniform_int(rng, 500, 5000) * sim::kMillisecond;
  const sim::Time latest = o.fault_window - duration;
  const sim::Time at = sim::uniform_int(rng, 1000, latest / sim::kMillisecond) * sim::kMillisecond;
  const std::string lasting = ", for: " + ms(duration);
  switch (rng.below(7)) {
    case 0:
      return {at, "crash: " + member(rng, o.members) + lasting};
    case 1:
      return {at, "partition: " + split(rng, o.members) + lasting};
    case 2:
      return {at, "partition: " + split(rng, o.members) + ", oneWay: true" + lasting};
    case 3:
      return {at, fmt::format("slowDisk: {}, factor: {}{}", member(rng, o.members),
                              sim::uniform_int(rng, 2, 50), lasting)};
    case 4:
      return {at, "stallDisk: " + member(rng, o.members) + lasting};
    case 5:
      return {at, fmt::format("latency: {{between: {}, add: {}}}{}", split(rng, o.members),
                              ms(sim::uniform_int(rng, 10, 300) * sim::kMillisecond), lasting)};
    default:
      return {at, fmt::format("loss: {{between: {}, rate: {}}}{}", split(rng, o.members),
                              static_cast<double>(sim::uniform_int(rng, 1, 9)) / 10, lasting)};
  }
}

}  // namespace

std::string nemesis_scenario_yaml(const NemesisOptions& o) {
  sim::Rng rng = sim::Rng::stream(o.seed, "nemesis");
  std::vector<Fault> faults;
  for (std::uint64_t i = 0; i < o.faults; ++i)
    faults.push_back(draw(rng, o));
  std::stable_sort(faults.begin(), faults.end(),
                   [](const Fault& a, const Fault& b) { return a.at < b.at; });
  const sim::Time heal = o.fault_window;
  std::string text = fmt::format(
      "# kcsim nemesis, seed {}: {} faults on {} etcd members, healed at {}.\n"
      "apiVersion: kcsim/v1\n"
      "kind: Scenario\n"
      "metadata: {{name: etcd-nemesis-{}-{}}}\n"
      "spec:\n"
      "  seed: {}\n"
      "  duration: {}\n"
      "  cluster:\n"
      "    etcd:\n"
      "      members: {}\n"
      "      clients: {{count: {}, qps: {}, keys: 10}}\n",
      o.seed, o.faults, o.members, ms(heal), o.members, o.seed, o.seed, ms(heal + o.settle),
      o.members, o.clients, o.qps);
  if (o.snapshot_count > 0) text += fmt::format("      snapshotCount: {}\n", o.snapshot_count);
  if (o.snapshot_catch_up_entries > 0) {
    text += fmt::format("      snapshotCatchUpEntries: {}\n", o.snapshot_catch_up_entries);
  }
  text += "  timeline:\n";
  for (const Fault& f : faults)
    text += fmt::format("    - {{at: {}, {}}}\n", ms(f.at), f.yaml);
  text += fmt::format("    - {{at: {}, name: heal, heal: all}}\n", ms(heal));
  text +=
      "  checks:\n"
      "    - {name: Raft safety, always: \"etcd.safety_violations == 0\"}\n"
      "    - {name: no acknowledged write lost, expect: etcd.linearizable}\n"
      "    - {name: a leader within 4.1s of the heal, within: 4.1s, after: heal, expect: "
      "etcd.has_leader}\n"
      "    - {name: a write acknowledged within 6s of the heal, within: 6s, after: heal, expect: "
      "\"etcd.seconds_since_ack < 500ms\"}\n";
  return text;
}

}  // namespace kcsim::runner
