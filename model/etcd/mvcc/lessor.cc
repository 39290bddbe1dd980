#include "model/etcd/mvcc/lessor.h"

#include <algorithm>
#include <utility>

#include "sim/invariant.h"

namespace kcsim::etcd::mvcc {

std::int64_t min_lease_ttl_seconds(std::int64_t election_ticks, sim::Time heartbeat_interval) {
  KCSIM_ASSERT(election_ticks > 0);
  KCSIM_ASSERT(heartbeat_interval > 0);
  // Go's integer division: (3 * ticks) / 2 heartbeats, then ceil to whole seconds.
  const sim::Time min_ttl = ((3 * election_ticks) / 2) * heartbeat_interval;
  return (min_ttl + sim::kSecond - 1) / sim::kSecond;
}

Lessor::Lessor(std::int64_t min_ttl_seconds) : min_ttl_seconds_(min_ttl_seconds) {
  KCSIM_ASSERT(min_ttl_seconds >= 0);
}

void Lessor::refresh(Lease& lease, sim::Time now, sim::Time extend) const {
  const std::int64_t ttl =
      lease.remaining_ttl_seconds > 0 ? lease.remaining_ttl_seconds : lease.ttl_seconds;
  lease.expiry = now + extend + ttl * sim::kSecond;
}

GrantResult Lessor::grant(LeaseId id, std::int64_t ttl_seconds, sim::Time now) {
  if (id == kNoLease) return {Error::kLeaseNotFound, 0};
  if (ttl_seconds > kMaxLeaseTtlSeconds) return {Error::kLeaseTtlTooLarge, 0};
  if (leases_.count(id) != 0) return {Error::kLeaseExists, 0};
  Lease lease;
  lease.id = id;
  lease.ttl_seconds = std::max(ttl_seconds, min_ttl_seconds_);
  if (primary_) refresh(lease, now, 0);
  const std::int64_t granted = lease.ttl_seconds;
  leases_.emplace(id, std::move(lease));
  return {Error::kOk, granted};
}

std::optional<std::vector<std::string>> Lessor::revoke(LeaseId id) {
  auto it = leases_.find(id);
  if (it == leases_.end()) return std::nullopt;
  std::vector<std::string> keys(it->second.keys.begin(), it->second.keys.end());
  leases_.erase(it);
  return keys;
}

Error Lessor::checkpoint(LeaseId id, std::int64_t remaining_ttl_seconds) {
  // etcd ignores a checkpoint of a lease that no longer exists.
  auto it = leases_.find(id);
  if (it != leases_.end()) it->second.remaining_ttl_seconds = remaining_ttl_seconds;
  return Error::kOk;
}

KeepAliveResult Lessor::keep_alive(LeaseId id, sim::Time now) {
  if (!primary_) return {Error::kNotPrimary, -1};
  auto it = leases_.find(id);
  if (it == leases_.end()) return {Error::kLeaseNotFound, -1};
  Lease& lease = it->second;
  if (lease.expiry <= now) return {Error::kLeaseExpired, -1};
  lease.remaining_ttl_seconds = 0;
  refresh(lease, now, 0);
  return {Error::kOk, lease.ttl_seconds};
}

void Lessor::attach(LeaseId id, const std::string& key) {
  auto it = leases_.find(id);
  KCSIM_ASSERT(it != leases_.end());
  it->second.keys.insert(key);
}

void Lessor::detach(LeaseId id, const std::string& key) {
  // A revoke removes the lease before its keys are deleted: nothing to detach then.
  auto it = leases_.find(id);
  if (it != leases_.end()) it->second.keys.erase(key);
}

void Lessor::promote(sim::Time now, sim::Time extend) {
  primary_ = true;
  for (auto& [id, lease] : leases_)
    refresh(lease, now, extend);
  if (static_cast<std::int64_t>(leases_.size()) >= kLeaseRevokeRate) {
    spread_piled_up_expiries(now, extend);
  }
}

void Lessor::spread_piled_up_expiries(sim::Time now, sim::Time extend) {
  std::vector<Lease*> by_expiry;
  by_expiry.reserve(leases_.size());
  for (auto& [id, lease] : leases_)
    by_expiry.push_back(&lease);
  std::stable_sort(by_expiry.begin(), by_expiry.end(),
                   [](const Lease* a, const Lease* b) { return a->expiry < b->expiry; });
  sim::Time base_window = by_expiry.front()->expiry - now;
  sim::Time next_window = base_window + sim::kSecond;
  std::int64_t expires = 0;
  // Fewer expiries than the revoke rate, so that piled-up leases leave room for others.
  const std::int64_t target_expires_per_second = (3 * kLeaseRevokeRate) / 4;
  for (Lease* lease : by_expiry) {
    const sim::Time remaining = lease->expiry - now;
    if (remaining > next_window) {
      base_window = remaining;
      next_window = base_window + sim::kSecond;
      expires = 1;
      continue;
    }
    expires += 1;
    if (expires <= target_expires_per_second) continue;
    sim::Time delay = sim::kSecond * expires / target_expires_per_second;
    // Leases n seconds ahead of the base window are extended by n seconds less.
    delay -= remaining - base_window;
    next_window = base_window + delay;
    refresh(*lease, now, delay + extend);
  }
}

void Lessor::demote() {
  primary_ = false;
  for (auto& [id, lease] : leases_)
    lease.expiry = sim::kTimeNever;
}

std::vector<LeaseId> Lessor::expired(sim::Time now, std::size_t max_count) const {
  std::vector<std::pair<sim::Time, LeaseId>> due;
  for (const auto& [id, lease] : leases_) {
    if (lease.expiry <= now) due.emplace_back(lease.expiry, id);
  }
  std::sort(due.begin(), due.end());
  std::vector<LeaseId> ids;
  for (std::size_t i = 0; i < due.size() && i < max_count; ++i)
    ids.push_back(due[i].second);
  return ids;
}

std::int64_t Lessor::remaining_seconds(LeaseId id, sim::Time now) const {
  const Lease* lease = find(id);
  if (lease == nullptr) return -1;
  if (lease->expiry == sim::kTimeNever) return lease->ttl_seconds;
  if (lease->expiry <= now) return -1;
  return (lease->expiry - now) / sim::kSecond;
}

const Lease* Lessor::find(LeaseId id) const {
  auto it = leases_.find(id);
  return it == leases_.end() ? nullptr : &it->second;
}

std::vector<LeaseRecord> Lessor::records() const {
  std::vector<LeaseRecord> out;
  out.reserve(leases_.size());
  for (const auto& [id, lease] : leases_) {
    out.push_back(LeaseRecord{id, lease.ttl_seconds, lease.remaining_ttl_seconds});
  }
  return out;
}

void Lessor::restore(const std::vector<LeaseRecord>& records) {
  leases_.clear();
  for (const LeaseRecord& record : records) {
    Lease lease;
    lease.id = record.id;
    lease.ttl_seconds = record.ttl_seconds;
    lease.remaining_ttl_seconds = record.remaining_ttl_seconds;
    leases_.emplace(record.id, std::move(lease));
  }
}

}  // namespace kcsim::etcd::mvcc
