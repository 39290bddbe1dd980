#include "reports/record/run_recorder.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/runner/world.h"
#include "reports/record/window_percentiles.h"
#include "sim/metric_name.h"
#include "sim/simulation.h"

namespace kcsim::reports {
namespace {

// Hands every trace record to the recorder; the recorder outlives the run's trace.
class RecorderSink final : public sim::TraceSink {
 public:
  explicit RecorderSink(RunRecorder& recorder) : recorder_(recorder) {}
  void write(const sim::TraceRecord& record, std::string_view /*text*/) override {
    recorder_.on_trace(record);
  }

 private:
  RunRecorder& recorder_;
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The value of label `key` in a canonical series name (`x{a="1",member="etcd-0"}`).
std::string label_value(std::string_view name, std::string_view key) {
  const std::string needle = std::string(key) + "=\"";
  const std::size_t at = name.find(needle);
  if (at == std::string_view::npos) return {};
  const std::size_t from = at + needle.size();
  const std::size_t to = name.find('"', from);
  if (to == std::string_view::npos) return {};
  return std::string(name.substr(from, to - from));
}

std::string timeline_detail(const scenario::TimelineEntry& entry) {
  std::string detail(entry.key());
  if (!entry.target.empty()) detail += " " + entry.target;
  return detail;
}

}  // namespace

RunRecorder::RunRecorder(const scenario::Scenario& scenario) : scenario_(scenario) {}
RunRecorder::~RunRecorder() = default;

Lane& RunRecorder::lane(sim::ProcessId id) {
  while (lanes_.size() <= id) {
    const auto pid = static_cast<sim::ProcessId>(lanes_.size());
    Lane fresh;
    fresh.process = simulation_->process_name(pid);
    const sim::HostId host = simulation_->process_info(pid).host;
    if (host != sim::kNoHost) fresh.host = simulation_->host(host).name;
    fresh.states.push_back(Span{0, 0, "down"});
    lanes_.push_back(std::move(fresh));
  }
  return lanes_[id];
}

void RunRecorder::change(std::vector<Span>& spans, double at_s, const std::string& name) {
  if (!spans.empty() && spans.back().name == name) return;
  if (!spans.empty()) {
    spans.back().to_s = at_s;
    if (spans.back().to_s <= spans.back().from_s) spans.pop_back();  // zero-length
  }
  if (!spans.empty() && spans.back().name == name) return;  // merged with the one before
  spans.push_back(Span{at_s, at_s, name});
}

void RunRecorder::on_built(sim::Simulation& simulation, runner::World& /*world*/) {
  simulation_ = &simulation;
  // The world starts its processes as it builds them, before this observer is told.
  for (sim::ProcessId id = 0; id < simulation.process_count(); ++id) {
    if (simulation.is_up(id)) change(lane(id).states, sim::to_seconds(simulation.now()), "up");
    lane(id);
  }
  sim::LifecycleObserver observer;
  observer.on_start = [this](sim::ProcessId id) {
    change(lane(id).states, sim::to_seconds(simulation_->now()), "up");
  };
  observer.on_crash = [this](sim::ProcessId id) {
    const double now_s = sim::to_seconds(simulation_->now());
    change(lane(id).states, now_s, "crashed");
    change(lane(id).roles, now_s, "");
  };
  simulation.add_observer(std::move(observer));
  simulation.trace().add_sink(std::make_unique<RecorderSink>(*this));
  for (const scenario::TimelineEntry& entry : scenario_.spec.timeline) {
    const std::string name = entry.name.empty() ? std::string(entry.key()) : entry.name;
    marks_.push_back(Mark{sim::to_seconds(entry.at), name, timeline_detail(entry), true, {}});
    if (entry.duration) {
      marks_.push_back(Mark{sim::to_seconds(entry.at + *entry.duration),
                            "end of " + name,
                            "undo " + timeline_detail(entry),
                            true,
                            {}});
    }
  }
  refresh_role_gauges();
}

void RunRecorder::refresh_role_gauges() {
  sim::Metrics& metrics = simulation_->metrics();
  if (metrics.size() == metrics_seen_) return;
  metrics_seen_ = metrics.size();
  // Member name -> its two gauges, found by the families' suffixes.
  std::map<std::string, RoleGauges> by_member;
  std::vector<std::string> names;
  metrics.for_each([&](const sim::MetricView& view) {
    if (view.kind != sim::MetricKind::kGauge) return;
    const std::string_view base = sim::metric_base_name(view.name);
    if (ends_with(base, "_is_leader") || ends_with(base, "_has_leader"))
      names.emplace_back(view.name);
  });
  for (const std::string& name : names) {
    const std::string member = label_value(name, "member");
    const std::optional<sim::ProcessId> process = simulation_->find_process(member);
    if (!process) continue;
    RoleGauges& gauges = by_member[member];
    gauges.process = *process;
    // gauge(name) finds the series the component registered; it adds none.
    const sim::Gauge* gauge = &metrics.gauge(name);
    if (ends_with(sim::metric_base_name(name), "_is_leader")) {
      gauges.is_leader = gauge;
    } else {
      gauges.has_leader = gauge;
    }
  }
  role_gauges_.clear();
  for (auto& [member, gauges] : by_member) {
    if (gauges.is_leader != nullptr && gauges.has_leader != nullptr) role_gauges_.push_back(gauges);
  }
}

void RunRecorder::update_roles(double at_s) {
  for (const RoleGauges& gauges : role_gauges_) {
    Lane& member = lane(gauges.process);
    std::string role;
    if (simulation_->is_up(gauges.process)) {
      if (gauges.is_leader->value() > 0.5) {
        role = "leader";
      } else if (gauges.has_leader->value() > 0.5) {
        role = "follower";
      } else {
        role = "candidate";
      }
    }
    change(member.roles, at_s, role);
  }
}

void RunRecorder::on_trace(const sim::TraceRecord& record) {
  const double at_s = sim::to_seconds(record.at);
  if (record.kind == sim::TraceKind::kFault && record.label != nullptr) {
    const std::string_view label = record.label->text;
    if (label != "process.start" && label != "process.boot") {
      Mark mark{at_s, std::string(label), {}, false, {}};
      if (record.actor != sim::kNoProcess) mark.process = simulation_->process_name(record.actor);
      marks_.push_back(std::move(mark));
    }
  }
  // The record comes before its event runs: the roles read now are those the previous
  // event left, at most one event late.
  update_roles(at_s);
}

void RunRecorder::on_sample(const sim::Simulation& simulation) {
  const double at_s = sim::to_seconds(simulation.now());
  if (at_s <= last_sample_s_) return;  // the final sample at the last periodic one's time
  last_sample_s_ = at_s;
  refresh_role_gauges();
  update_roles(at_s);
  sample_windows(at_s);
}

void RunRecorder::sample_windows(double at_s) {
  std::map<std::string, sim::Histogram, std::less<>> merged;
  simulation_->metrics().for_each([&](const sim::MetricView& view) {
    if (view.kind != sim::MetricKind::kHistogram) return;
    merged[std::string(sim::metric_base_name(view.name))].merge(*view.histogram);
  });
  static const std::vector<double> kQuantiles = {50, 90, 99};
  for (auto& [family, histogram] : merged) {
    WindowSeries& series = windows_[family];
    series.family = family;
    const sim::Histogram& before = last_[family];  // empty the first time
    const WindowStats stats = window_percentiles(before, histogram, kQuantiles);
    series.time_s.push_back(at_s);
    series.count.push_back(static_cast<double>(stats.count));
    series.p50.push_back(stats.percentiles[0]);
    series.p90.push_back(stats.percentiles[1]);
    series.p99.push_back(stats.percentiles[2]);
    last_[family] = histogram;
  }
}

RunRecord RunRecorder::finish(double end_s) {
  RunRecord record;
  record.end_s = end_s;
  for (Lane& member : lanes_) {
    if (!member.states.empty()) member.states.back().to_s = end_s;
    if (!member.roles.empty()) member.roles.back().to_s = end_s;
    std::erase_if(member.roles, [](const Span& span) { return span.name.empty(); });
  }
  record.lanes = lanes_;
  record.marks = marks_;
  std::stable_sort(record.marks.begin(), record.marks.end(),
                   [](const Mark& a, const Mark& b) { return a.at_s < b.at_s; });
  for (auto& [family, series] : windows_)
    record.windows.push_back(series);
  return record;
}

}  // namespace kcsim::reports
