// A process's disk: durable files, write and fsync latency, and disk faults.
//
// Contract:
//  - A disk belongs to one process and outlives its incarnations: it is what a
//    restarted process recovers from.
//  - Files are typed logs of records (`DurableLog<T>`) or single values
//    (`DurableValue<T>`). A write lands in the page cache at once; it becomes durable
//    only when an fsync issued after it completes. A crash of the process drops every
//    record not yet durable (the strong fault: as if the host lost power), so a model
//    that acts before its fsync completes is caught by the crash tests.
//  - fsyncs on one disk are served one at a time in issue order; each takes one draw of
//    the fsync latency distribution, times the slow factor. Faults: slow (factor),
//    stalled (no fsync completes until unstalled), failing (fsyncs complete with an
//    I/O error, as a dying disk does: etcd treats it as fatal), full (writes fail with
//    "no space"; fsync still succeeds for what was written).
//  - An fsync belongs to the incarnation that issued it (like a job on the Cpu): a
//    crash drops every queued fsync and the one in service, whose callbacks never run,
//    even after a restart, and frees the disk for the next incarnation. An fsync issued
//    while the owner is down (from a kernel event, or by code that runs on after its
//    own process crashed) is dropped at once: it takes no latency draw, makes nothing
//    durable and never calls back. Otherwise no incarnation would run its completion,
//    and the disk would stay busy, its queue blocked, for every later incarnation.
//  - Likewise a write (`append`, `write`, `write_bytes`) while the owner is down is
//    refused with kOwnerDown: nothing is written and no space is taken. Accepted, it
//    would sit in the page cache of no incarnation, outlive the crash that should have
//    dropped it, and become durable with the next incarnation's first fsync. Refused
//    rather than asserted, as the fsync is: code may run on after its own process
//    crashed (a callback that crashes its process, then returns to its caller).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/distributions.h"
#include "sim/ids.h"
#include "sim/random.h"
#include "sim/time.h"

namespace kcsim::sim {

class Simulation;

// kOwnerDown: a write issued while the disk's owner is down (see the contract).
enum class DiskStatus : std::uint8_t { kOk, kIoError, kNoSpace, kOwnerDown };
std::string_view to_string(DiskStatus status);

struct DiskSpec {
  Distribution fsync_latency = Distribution::lognormal(2 * kMillisecond, 10 * kMillisecond);
  std::uint64_t capacity_bytes = std::uint64_t{100} << 30;  // 100 GiB
};

// What every file on a disk can do for the disk: report its length in records and
// move its durable mark.
class DurableFile {
 public:
  virtual ~DurableFile() = default;
  virtual std::uint64_t length() const = 0;
  virtual void mark_durable(std::uint64_t length) = 0;
  virtual void drop_volatile() = 0;
};

// An append-only log of records, addressed by absolute position: records dropped from
// the front (compaction) keep the positions of the others. Positions
// [first(), durable_length()) survive a crash.
template <typename T>
class DurableLog final : public DurableFile {
 public:
  std::uint64_t length() const override { return first_ + records_.size(); }
  std::uint64_t first() const { return first_; }
  std::uint64_t durable_length() const { return durable_; }
  // The records from first() on; position p is records()[p - first()].
  const std::vector<T>& records() const { return records_; }
  void mark_durable(std::uint64_t length) override {
    if (length > durable_ && length <= this->length()) durable_ = length;
  }
  void drop_volatile() override { records_.resize(durable_ - first_); }
  // Removes records from position `end` on (a Raft log truncated by a new leader),
  // durable ones included: the truncation itself is durable only after the next fsync,
  // but modelling that finer would only matter for a torn WAL, which etcd repairs.
  void truncate(std::uint64_t end);
  // Removes the records before position `new_first` (log compaction).
  void drop_front(std::uint64_t new_first);

 private:
  friend class Disk;
  void append(T record) { records_.push_back(std::move(record)); }
  std::vector<T> records_;
  std::uint64_t first_ = 0;
  std::uint64_t durable_ = 0;
};

// A single value replaced in place (etcd's hard state, a member's metadata).
template <typename T>
class DurableValue final : public DurableFile {
 public:
  const T& value() const { return value_; }  // as written, durable or not
  const T& durable_value() const { return durable_value_; }
  std::uint64_t length() const override { return writes_; }
  void mark_durable(std::uint64_t length) override {
    if (length == writes_ && length > durable_writes_) {
      durable_value_ = value_;
      durable_writes_ = length;
    }
  }
  void drop_volatile() override {
    value_ = durable_value_;
    writes_ = durable_writes_;
  }

 private:
  friend class Disk;
  void set(T value) {
    value_ = std::move(value);
    ++writes_;
  }
  T value_{};
  T durable_value_{};
  std::uint64_t writes_ = 0;
  std::uint64_t durable_writes_ = 0;
};

// State that lives on the disk and that its owner changes only when an fsync it issued
// completes (a Raft storage that takes a Ready's writes once they are durable): all of
// it survives a crash, because nothing volatile is ever in it. Bytes are accounted
// with Disk::write_bytes when the write is issued.
template <typename T>
class DurableState final : public DurableFile {
 public:
  T& state() { return state_; }
  const T& state() const { return state_; }
  std::uint64_t length() const override { return 0; }
  void mark_durable(std::uint64_t /*length*/) override {}
  void drop_volatile() override {}

 private:
  T state_{};
};

struct DiskStats {
  std::uint64_t bytes_written = 0;
  std::uint64_t fsyncs = 0;
  std::uint64_t fsync_errors = 0;
  std::uint64_t writes_refused = 0;     // no space
  std::uint64_t writes_while_down = 0;  // refused with kOwnerDown
};

class Disk {
 public:
  Disk(Simulation& simulation, ProcessId owner, DiskSpec spec);

  // The file named `name`, made empty on first use. The same name must always be
  // asked for with the same type.
  template <typename File>
  File& file(std::string_view name);

  // Writes land in the page cache: kOk; kNoSpace on a full disk; kOwnerDown while the
  // owner is down. Nothing is written unless kOk.
  template <typename T>
  DiskStatus append(DurableLog<T>& log, T record, std::uint64_t size_bytes) {
    const DiskStatus status = reserve(size_bytes);
    if (status == DiskStatus::kOk) log.append(std::move(record));
    return status;
  }
  template <typename T>
  DiskStatus write(DurableValue<T>& file, T value, std::uint64_t size_bytes) {
    const DiskStatus status = reserve(size_bytes);
    if (status == DiskStatus::kOk) file.set(std::move(value));
    return status;
  }
  // Accounts `size_bytes` written to a file whose content the owner keeps itself
  // (DurableState); the same statuses.
  DiskStatus write_bytes(std::uint64_t size_bytes) { return reserve(size_bytes); }
  // Frees space (log compaction, deletes).
  void release(std::uint64_t size_bytes);

  // Makes everything written so far durable, then calls `done` in the owner's current
  // incarnation with kOk, or kIoError on a failing disk (nothing new is durable then).
  // Dropped, `done` never called, if the owner is down or crashes before it completes.
  void fsync(std::function<void(DiskStatus)> done);
  // The same, for a sync whose latency follows `latency` rather than the disk's fsync
  // latency (a database commit: several writes and syncs, as etcd's bbolt backend). It
  // queues with the other syncs: a long commit delays the WAL fsyncs behind it.
  void fsync(std::function<void(DiskStatus)> done, const Distribution& latency);

  // Faults.
  void set_slow_factor(double factor) { slow_factor_ = factor; }
  void set_stalled(bool stalled);
  void set_failing(bool failing) { failing_ = failing; }
  void set_full(bool full) { full_ = full; }
  void heal();

  // Called by the kernel when the owner crashes.
  void on_crash();

  std::uint64_t used_bytes() const { return used_bytes_; }
  const DiskStats& stats() const { return stats_; }
  const DiskSpec& spec() const { return spec_; }
  void set_spec(DiskSpec spec) { spec_ = std::move(spec); }

 private:
  struct PendingSync {
    std::vector<std::pair<DurableFile*, std::uint64_t>> lengths;  // as of the fsync call
    std::function<void(DiskStatus)> done;
    std::optional<Distribution> latency;  // the disk's fsync latency when empty
  };

  void enqueue_sync(std::function<void(DiskStatus)> done, std::optional<Distribution> latency);
  // Takes the space of a write, or says why not (owner down, disk full).
  DiskStatus reserve(std::uint64_t size_bytes);
  void start_next_sync();
  void finish_sync();

  Simulation& simulation_;
  ProcessId owner_;
  DiskSpec spec_;
  Rng rng_;
  std::map<std::string, std::unique_ptr<DurableFile>, std::less<>> files_;
  // Front is in service when busy_. Every sync in it belongs to the owner's current
  // incarnation: empty whenever the owner is down.
  std::vector<PendingSync> queue_;
  bool busy_ = false;
  std::uint64_t used_bytes_ = 0;
  double slow_factor_ = 1;
  bool stalled_ = false;
  bool failing_ = false;
  bool full_ = false;
  DiskStats stats_;
};

template <typename T>
void DurableLog<T>::truncate(std::uint64_t end) {
  if (end < first_) end = first_;
  if (end < length()) records_.resize(end - first_);
  if (durable_ > end) durable_ = end;
}

template <typename T>
void DurableLog<T>::drop_front(std::uint64_t new_first) {
  if (new_first <= first_) return;
  if (new_first > length()) new_first = length();
  const auto count = static_cast<std::ptrdiff_t>(new_first - first_);
  records_.erase(records_.begin(), records_.begin() + count);
  first_ = new_first;
  if (durable_ < first_) durable_ = first_;
}

template <typename File>
File& Disk::file(std::string_view name) {
  auto it = files_.find(name);
  if (it == files_.end()) {
    it = files_.emplace(std::string(name), std::make_unique<File>()).first;
  }
  auto* typed = dynamic_cast<File*>(it->second.get());
  if (typed == nullptr) throw std::logic_error("disk file asked for with another type");
  return *typed;
}

}  // namespace kcsim::sim
