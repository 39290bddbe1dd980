#include "sim/trace.h"

#include <fmt/format.h>

namespace kcsim::sim {
namespace {

// One round of a 64-bit multiply-xorshift mix (the finalizer of SplitMix64), applied
// after xoring each field in: order-sensitive and cheap.
constexpr std::uint64_t mix(std::uint64_t h, std::uint64_t value) {
  h ^= value;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 31;
  return h;
}

}  // namespace

std::string_view to_string(TraceKind kind) {
  switch (kind) {
    case TraceKind::kTimer:
      return "timer";
    case TraceKind::kDeliver:
      return "deliver";
    case TraceKind::kDrop:
      return "drop";
    case TraceKind::kFault:
      return "fault";
    case TraceKind::kNote:
      return "note";
    case TraceKind::kAnnotate:
      return "annotate";
  }
  return "?";
}

Trace::Trace(std::function<std::string(ProcessId)> name_of) : name_of_(std::move(name_of)) {}

void Trace::fold(const TraceRecord& record) {
  std::uint64_t h = hash_;
  h = mix(h, static_cast<std::uint64_t>(record.at));
  h = mix(h, static_cast<std::uint64_t>(record.kind) << 32 ^ record.actor);
  h = mix(h, record.peer);
  h = mix(h, record.label != nullptr ? record.label->hash : 0);
  h = mix(h, record.detail);
  hash_ = h;
}

std::string Trace::text(const TraceRecord& record) const {
  auto name = [this](ProcessId id) { return id == kNoProcess ? std::string("-") : name_of_(id); };
  return fmt::format("{} {} {} {} {} {}", record.at, to_string(record.kind), name(record.actor),
                     name(record.peer), record.label != nullptr ? record.label->text : "-",
                     record.detail);
}

void Trace::publish(const TraceRecord& record) {
  const std::string line = text(record);
  for (auto& sink : sinks_)
    sink->write(record, line);
}

std::string Trace::hex(std::uint64_t hash) {
  return fmt::format("{:016x}", hash);
}

JsonLinesTraceSink::JsonLinesTraceSink(std::ostream& out,
                                       std::function<std::string(ProcessId)> name_of)
    : out_(out), name_of_(std::move(name_of)) {}

JsonLinesTraceSink::~JsonLinesTraceSink() {
  flush_pending();
}

void JsonLinesTraceSink::flush_pending() {
  if (pending_.empty()) return;
  out_ << pending_ << "}\n";
  pending_.clear();
}

void JsonLinesTraceSink::write(const TraceRecord& record, std::string_view /*text*/) {
  if (record.kind == TraceKind::kAnnotate) {
    if (pending_.empty() || record.label == nullptr) return;
    const std::string_view field = record.label->text;
    const std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) {
      pending_ += fmt::format(R"(,"{}":{})", field, record.detail);
    } else {
      pending_ += fmt::format(R"(,"{}":"{}")", field.substr(0, eq), field.substr(eq + 1));
    }
    return;
  }
  flush_pending();
  auto name = [this](ProcessId id) {
    return id == kNoProcess ? std::string("null") : "\"" + name_of_(id) + "\"";
  };
  pending_ = fmt::format(R"({{"t":{},"kind":"{}","actor":{},"peer":{},"label":"{}","detail":{})",
                         record.at, to_string(record.kind), name(record.actor), name(record.peer),
                         record.label != nullptr ? record.label->text : "", record.detail);
  if (record.subject != nullptr)
    pending_ += fmt::format(R"(,"message":"{}")", record.subject->text);
}

}  // namespace kcsim::sim
