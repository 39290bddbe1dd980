#include "reports/perfetto/perfetto_trace.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/metric_name.h"
#include "sim/simulation.h"

namespace kcsim::reports {
namespace {

class PerfettoSink final : public sim::TraceSink {
 public:
  explicit PerfettoSink(PerfettoTrace& trace) : trace_(trace) {}
  void write(const sim::TraceRecord& record, std::string_view /*text*/) override {
    trace_.on_trace(record);
  }

 private:
  PerfettoTrace& trace_;
};

constexpr int kPid = 1;
constexpr std::uint64_t kRoleTrackBase = 1'000'000;

std::uint64_t tid_of(sim::ProcessId id) {
  return id == sim::kNoProcess ? 0 : static_cast<std::uint64_t>(id) + 1;
}

double micros(sim::Time t) {
  return static_cast<double>(t) / 1000.0;
}

std::string json_string(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool queue_like(std::string_view name) {
  for (std::string_view word : {"pending", "queue", "inflight", "depth"}) {
    if (name.find(word) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

PerfettoTrace::PerfettoTrace(std::ostream& out, std::string scenario_name)
    : out_(out), scenario_name_(std::move(scenario_name)) {
  out_ << "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
}

PerfettoTrace::~PerfettoTrace() = default;

void PerfettoTrace::event(const std::string& json) {
  if (events_ > 0) out_ << ",\n";
  out_ << json;
  ++events_;
}

void PerfettoTrace::name_thread(std::uint64_t tid, const std::string& name,
                                std::uint64_t sort_index) {
  event(fmt::format(R"({{"ph":"M","pid":{},"tid":{},"name":"thread_name","args":{{"name":{}}}}})",
                    kPid, tid, json_string(name)));
  event(fmt::format(
      R"({{"ph":"M","pid":{},"tid":{},"name":"thread_sort_index","args":{{"sort_index":{}}}}})",
      kPid, tid, sort_index));
}

void PerfettoTrace::on_built(sim::Simulation& simulation, runner::World& /*world*/) {
  simulation_ = &simulation;
  event(fmt::format(R"({{"ph":"M","pid":{},"name":"process_name","args":{{"name":{}}}}})", kPid,
                    json_string("kcsim " + scenario_name_)));
  name_thread(0, "kernel", 0);
  simulation.trace().add_sink(std::make_unique<PerfettoSink>(*this));
  refresh_watched();
}

void PerfettoTrace::refresh_watched() {
  // Processes added during the run (an etcd member added by the timeline) get a track.
  while (threads_named_ < simulation_->process_count()) {
    const auto id = static_cast<sim::ProcessId>(threads_named_++);
    name_thread(tid_of(id), simulation_->process_name(id), 2 * tid_of(id));
  }
  const sim::Metrics& metrics = simulation_->metrics();
  if (metrics.size() == metrics_seen_) return;
  metrics_seen_ = metrics.size();
  std::vector<Watched> found;
  metrics.for_each([&](const sim::MetricView& view) {
    if (view.kind != sim::MetricKind::kHistogram) return;
    const std::string_view base = sim::metric_base_name(view.name);
    if (base.size() < 8 || base.substr(base.size() - 8) != "_seconds") return;
    Watched watched{std::string(base), view.histogram, view.histogram->count(),
                    view.histogram->sum()};
    for (const Watched& before : watched_) {
      if (before.histogram == view.histogram) watched = before;  // keep its last reading
    }
    found.push_back(std::move(watched));
  });
  watched_ = std::move(found);
}

void PerfettoTrace::check_watched(sim::Time now) {
  for (Watched& w : watched_) {
    const std::uint64_t count = w.histogram->count();
    if (count == w.count) continue;
    const std::uint64_t added = count - w.count;
    const double seconds = (w.histogram->sum() - w.sum) / static_cast<double>(added);
    w.count = count;
    w.sum = w.histogram->sum();
    if (last_actor_ == sim::kNoProcess || !(seconds >= 0)) continue;
    const double dur_us = seconds * 1e6;
    event(fmt::format(
        R"({{"ph":"X","pid":{},"tid":{},"ts":{},"dur":{},"name":{},"cat":"metric","args":{{"samples":{}}}}})",
        kPid, tid_of(last_actor_), micros(now) - dur_us, dur_us, json_string(w.family), added));
  }
}

void PerfettoTrace::on_trace(const sim::TraceRecord& record) {
  // What the previous event recorded ended at that event's time, on its actor's track.
  check_watched(last_at_);
  last_actor_ = record.actor;
  last_at_ = record.at;
  if (record.label == nullptr) return;
  if (record.kind == sim::TraceKind::kFault) {
    const std::string_view label = record.label->text;
    if (label == "process.boot") return;
    event(fmt::format(
        R"({{"ph":"i","s":"{}","pid":{},"tid":{},"ts":{},"name":{},"cat":"fault","args":{{"detail":{}}}}})",
        record.actor == sim::kNoProcess ? "g" : "t", kPid, tid_of(record.actor), micros(record.at),
        json_string(label), record.detail));
  } else if (record.kind == sim::TraceKind::kDrop) {
    const std::string from =
        record.peer == sim::kNoProcess ? "" : simulation_->process_name(record.peer);
    event(fmt::format(
        R"({{"ph":"i","s":"t","pid":{},"tid":{},"ts":{},"name":{},"cat":"drop","args":{{"from":{}}}}})",
        kPid, tid_of(record.actor), micros(record.at), json_string(record.label->text),
        json_string(from)));
  } else if (record.kind == sim::TraceKind::kNote) {
    event(fmt::format(
        R"({{"ph":"i","s":"t","pid":{},"tid":{},"ts":{},"name":{},"cat":"note","args":{{"detail":{}}}}})",
        kPid, tid_of(record.actor), micros(record.at), json_string(record.label->text),
        record.detail));
  }
}

void PerfettoTrace::on_sample(const sim::Simulation& simulation) {
  refresh_watched();
  const double ts = micros(simulation.now());
  event(
      fmt::format(R"({{"ph":"C","pid":{},"ts":{},"name":"pending events","args":{{"events":{}}}}})",
                  kPid, ts, simulation.events_pending()));
  simulation.metrics().for_each([&](const sim::MetricView& view) {
    if (view.kind != sim::MetricKind::kGauge || !queue_like(view.name)) return;
    event(fmt::format(R"({{"ph":"C","pid":{},"ts":{},"name":{},"args":{{"value":{}}}}})", kPid, ts,
                      json_string(view.name), view.value));
  });
}

void PerfettoTrace::finish(const RunRecord& record) {
  if (simulation_ != nullptr) check_watched(last_at_);
  for (std::size_t id = 0; id < record.lanes.size(); ++id) {
    const Lane& lane = record.lanes[id];
    // A track of its own beside the process's, so that its spans never cut across the
    // process's slices.
    const std::uint64_t tid = kRoleTrackBase + id;
    name_thread(tid, lane.process + " (life, role)", 2 * (id + 1) + 1);
    for (const Span& span : lane.states) {
      if (span.name != "up" || span.to_s <= span.from_s) continue;
      event(
          fmt::format(R"({{"ph":"X","pid":{},"tid":{},"ts":{},"dur":{},"name":"up","cat":"life"}})",
                      kPid, tid, span.from_s * 1e6, (span.to_s - span.from_s) * 1e6));
    }
    for (const Span& span : lane.roles) {
      if (span.to_s <= span.from_s || span.name == "follower") continue;
      event(
          fmt::format(R"({{"ph":"X","pid":{},"tid":{},"ts":{},"dur":{},"name":{},"cat":"role"}})",
                      kPid, tid, span.from_s * 1e6, (span.to_s - span.from_s) * 1e6,
                      json_string(span.name == "candidate" ? "election (no leader)" : span.name)));
    }
  }
  out_ << "\n]}\n";
}

}  // namespace kcsim::reports
