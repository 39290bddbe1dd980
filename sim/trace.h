// The trace of a run: every fired timer, delivered or dropped message and fault is
// a record, and the run folds every record into a 64-bit hash.
//
// Contract:
//  - Two runs are the same run exactly when their hashes agree: the hash covers the
//    time, kind, actor, peer, label and detail of every record, in order.
//  - A record's canonical text form is "<time_ns> <kind> <actor> <peer> <label> <detail>"
//    with actor and peer by name ("-" for none). The hash is defined over the same
//    fields, so the text form and the hash never disagree; a sink sees the text only
//    when one is attached (the common case, no sink, costs a few multiplies a record).
//  - Observers (metric sampling, check evaluation) do not record: changing how often
//    metrics are sampled does not change a run's hash.
//  - Readability is never hashed: an annotation (kAnnotate: a field of the record just
//    before it, such as a vote's term and outcome) and a record's `subject` (the message
//    a drop was about) go to the sinks only; they are not folded, not counted, and not
//    in the canonical text. The JSON-lines form is documented in docs/trace.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/ids.h"
#include "sim/label.h"
#include "sim/time.h"

namespace kcsim::sim {

enum class TraceKind : std::uint8_t {
  kTimer = 1,    // a timer fired (actor: owning process, or none for the kernel)
  kDeliver = 2,  // a message was delivered (actor: receiver, peer: sender)
  kDrop = 3,     // a message was dropped (partition, loss, crashed endpoint)
  kFault = 4,    // a fault was injected or healed
  kNote = 5,     // a model-level event worth replaying exactly (leader elected, ...)
  // Not hashed: a readable field ("term": 3, "outcome": "granted") for the record just
  // before it, by the same actor at the same time (label: "key" with the number in
  // detail, or "key=value" for a word). Sinks merge it into that record.
  kAnnotate = 6,
};

std::string_view to_string(TraceKind kind);

struct TraceRecord {
  Time at = 0;
  TraceKind kind = TraceKind::kNote;
  ProcessId actor = kNoProcess;
  ProcessId peer = kNoProcess;
  const Label* label = nullptr;
  std::uint64_t detail = 0;
  const Label* subject = nullptr;  // not hashed: for a drop, the message's own label
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void write(const TraceRecord& record, std::string_view text) = 0;
};

// Writes one JSON object a line (docs/trace.md):
// {"t":..,"kind":..,"actor":..,"peer":..,"label":..,"detail":..[,"message":..][, annotations]}.
// A line is written when the next record arrives (annotations join it first) or when
// the sink is destroyed.
class JsonLinesTraceSink final : public TraceSink {
 public:
  explicit JsonLinesTraceSink(std::ostream& out, std::function<std::string(ProcessId)> name_of);
  ~JsonLinesTraceSink() override;
  JsonLinesTraceSink(const JsonLinesTraceSink&) = delete;
  JsonLinesTraceSink& operator=(const JsonLinesTraceSink&) = delete;
  void write(const TraceRecord& record, std::string_view text) override;

 private:
  void flush_pending();

  std::ostream& out_;
  std::function<std::string(ProcessId)> name_of_;
  std::string pending_;  // the last record's line, without its closing brace
};

class Trace {
 public:
  explicit Trace(std::function<std::string(ProcessId)> name_of);

  void record(const TraceRecord& record) {
    if (record.kind == TraceKind::kAnnotate) {
      if (!sinks_.empty()) publish(record);
      return;
    }
    fold(record);
    ++records_;
    if (!sinks_.empty()) publish(record);
  }
  std::uint64_t hash() const { return hash_; }
  std::uint64_t records() const { return records_; }
  void add_sink(std::unique_ptr<TraceSink> sink) { sinks_.push_back(std::move(sink)); }
  std::string text(const TraceRecord& record) const;
  std::string name_of(ProcessId id) const { return name_of_(id); }

  // The hash as the 16 lower-case hex digits a run prints last.
  static std::string hex(std::uint64_t hash);

 private:
  void fold(const TraceRecord& record);
  void publish(const TraceRecord& record);

  std::uint64_t hash_ = 0x6a09e667f3bcc909ULL;  // any fixed non-zero start
  std::uint64_t records_ = 0;
  std::function<std::string(ProcessId)> name_of_;
  std::vector<std::unique_ptr<TraceSink>> sinks_;
};

}  // namespace kcsim::sim
