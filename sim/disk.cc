#include "sim/disk.h"

#include <cmath>
#include <utility>

#include "sim/invariant.h"
#include "sim/simulation.h"

namespace kcsim::sim {
namespace {

constexpr Label kFsyncDone{"disk.fsync"};

}  // namespace

std::string_view to_string(DiskStatus status) {
  switch (status) {
    case DiskStatus::kOk:
      return "ok";
    case DiskStatus::kIoError:
      return "input/output error";
    case DiskStatus::kNoSpace:
      return "no space left on device";
    case DiskStatus::kOwnerDown:
      return "process is down";
  }
  return "?";
}

Disk::Disk(Simulation& simulation, ProcessId owner, DiskSpec spec)
    : simulation_(simulation),
      owner_(owner),
      spec_(std::move(spec)),
      rng_(simulation.rng("disk/" + simulation.process_name(owner))) {}

DiskStatus Disk::reserve(std::uint64_t size_bytes) {
  if (!simulation_.is_up(owner_)) {
    ++stats_.writes_while_down;
    return DiskStatus::kOwnerDown;
  }
  if (full_ || used_bytes_ + size_bytes > spec_.capacity_bytes) {
    ++stats_.writes_refused;
    return DiskStatus::kNoSpace;
  }
  used_bytes_ += size_bytes;
  stats_.bytes_written += size_bytes;
  return DiskStatus::kOk;
}

void Disk::release(std::uint64_t size_bytes) {
  used_bytes_ = size_bytes > used_bytes_ ? 0 : used_bytes_ - size_bytes;
}

void Disk::fsync(std::function<void(DiskStatus)> done) {
  enqueue_sync(std::move(done), std::nullopt);
}

void Disk::fsync(std::function<void(DiskStatus)> done, const Distribution& latency) {
  enqueue_sync(std::move(done), latency);
}

void Disk::enqueue_sync(std::function<void(DiskStatus)> done, std::optional<Distribution> latency) {
  // No incarnation would run the completion of a sync issued while the owner is down:
  // queued, it would keep the disk busy for good.
  if (!simulation_.is_up(owner_)) return;
  PendingSync sync;
  sync.latency = std::move(latency);
  sync.lengths.reserve(files_.size());
  for (const auto& [name, file] : files_)
    sync.lengths.emplace_back(file.get(), file->length());
  sync.done = std::move(done);
  queue_.push_back(std::move(sync));
  if (!busy_) start_next_sync();
}

void Disk::start_next_sync() {
  if (queue_.empty() || stalled_) return;
  KCSIM_ASSERT(!busy_);
  KCSIM_ASSERT(simulation_.is_up(owner_));  // its completion is an event of this incarnation
  busy_ = true;
  const Distribution& distribution =
      queue_.front().latency ? *queue_.front().latency : spec_.fsync_latency;
  const double latency = static_cast<double>(distribution.sample_duration(rng_));
  const auto delay = static_cast<Time>(std::llround(latency * slow_factor_));
  simulation_.at_for(owner_, simulation_.now() + delay, kFsyncDone, [this] { finish_sync(); });
}

void Disk::finish_sync() {
  KCSIM_ASSERT(busy_);
  KCSIM_ASSERT(!queue_.empty());
  PendingSync sync = std::move(queue_.front());
  queue_.erase(queue_.begin());
  busy_ = false;
  ++stats_.fsyncs;
  DiskStatus status = DiskStatus::kOk;
  if (failing_) {
    ++stats_.fsync_errors;
    status = DiskStatus::kIoError;
  } else {
    for (auto& [file, length] : sync.lengths)
      file->mark_durable(length);
  }
  start_next_sync();
  sync.done(status);
}

void Disk::set_stalled(bool stalled) {
  stalled_ = stalled;
  if (!stalled_ && !busy_) start_next_sync();
}

void Disk::heal() {
  slow_factor_ = 1;
  failing_ = false;
  full_ = false;
  set_stalled(false);
}

void Disk::on_crash() {
  // The completion event of the sync in service, if any, belongs to the incarnation
  // that crashed and will be skipped: nothing else would clear busy_.
  for (auto& [name, file] : files_)
    file->drop_volatile();
  queue_.clear();
  busy_ = false;
}

}  // namespace kcsim::sim
