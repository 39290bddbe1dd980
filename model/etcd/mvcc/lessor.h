// Leases: etcd's lessor (server/lease/lessor.go) as a pure data structure. Time enters
// only as the `now` argument; the lessor holds no clock.
//
// Contract:
//  - Leases (id, TTL, remaining TTL checkpoint, attached keys) are replicated state:
//    grant, revoke and checkpoint are applied from the Raft log on every member.
//    Expiry times are member-local: only the primary (the Raft leader's lessor) has
//    finite expiries; on every other member a lease's expiry is kTimeNever.
//  - grant: id 0 -> kLeaseNotFound (etcd's NoLease); TTL > kMaxLeaseTtlSeconds ->
//    kLeaseTtlTooLarge; an existing id -> kLeaseExists; a TTL below the minimum is
//    raised to it. The minimum is etcd's ceil(1.5 * election timeout), in seconds:
//    see `min_lease_ttl_seconds`. On the primary the lease expires at now + TTL.
//  - keep_alive (etcd's Renew): not a Raft request; primary only (kNotPrimary
//    otherwise); resets the expiry to now + TTL and clears the checkpointed remaining
//    TTL. On a lease whose expiry passed, etcd blocks until the revoke is applied; here
//    kLeaseExpired tells the caller to wait for it.
//  - promote(now, extend) (leader elected): every lease expires at
//    now + extend + (remaining TTL if checkpointed, else full TTL), etcd's Promote with
//    extend = the election timeout; then, when there are >= kLeaseRevokeRate leases,
//    expiries that pile up are spread so that at most 3/4 of the revoke rate expire in
//    any one-second window (etcd's same rule, with integer nanoseconds).
//  - demote(): every expiry becomes kTimeNever.
//  - expired(now, max_count): leases whose expiry is <= now, earliest first (ties by id);
//    the primary proposes a revoke for each. Revoke removes the lease and returns its
//    keys in byte order, which the store deletes in one revision.
//  - Iteration is over ordered maps only (ids, then keys): deterministic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/etcd/mvcc/error.h"
#include "model/etcd/mvcc/key_value.h"
#include "sim/time.h"

namespace kcsim::etcd::mvcc {

inline constexpr std::int64_t kMaxLeaseTtlSeconds = 9'000'000'000;  // lease.MaxLeaseTTL
inline constexpr std::int64_t kLeaseRevokeRate = 1000;  // lease.leaseRevokeRate, per second

// etcd's minimum lease TTL: ceil((3 * election_ticks / 2) * heartbeat) in seconds
// (etcdserver/server.go). With the defaults (--election-timeout 1000ms =
// 10 ticks of --heartbeat-interval 100ms) this is ceil(1.5s) = 2 seconds.
std::int64_t min_lease_ttl_seconds(std::int64_t election_ticks, sim::Time heartbeat_interval);

inline constexpr std::int64_t kDefaultMinLeaseTtlSeconds = 2;

struct Lease {
  LeaseId id = kNoLease;
  std::int64_t ttl_seconds = 0;
  std::int64_t remaining_ttl_seconds = 0;  // the last checkpoint; 0 when none
  sim::Time expiry = sim::kTimeNever;      // member-local; kTimeNever unless primary
  std::set<std::string> keys;              // attached keys, in byte order
};

// The replicated part of a lease, as persisted in the backend's "lease" bucket.
struct LeaseRecord {
  LeaseId id = kNoLease;
  std::int64_t ttl_seconds = 0;
  std::int64_t remaining_ttl_seconds = 0;

  friend bool operator==(const LeaseRecord&, const LeaseRecord&) = default;
};

struct GrantResult {
  Error error = Error::kOk;
  std::int64_t ttl_seconds = 0;
};

struct KeepAliveResult {
  Error error = Error::kOk;
  std::int64_t ttl_seconds = 0;
};

class Lessor {
 public:
  explicit Lessor(std::int64_t min_ttl_seconds = kDefaultMinLeaseTtlSeconds);

  GrantResult grant(LeaseId id, std::int64_t ttl_seconds, sim::Time now);
  // Removes the lease and returns its keys in byte order; nullopt if it does not exist.
  std::optional<std::vector<std::string>> revoke(LeaseId id);
  Error checkpoint(LeaseId id, std::int64_t remaining_ttl_seconds);
  KeepAliveResult keep_alive(LeaseId id, sim::Time now);

  void attach(LeaseId id, const std::string& key);
  void detach(LeaseId id, const std::string& key);

  void promote(sim::Time now, sim::Time extend);
  void demote();
  bool primary() const { return primary_; }

  std::vector<LeaseId> expired(sim::Time now, std::size_t max_count) const;

  // Seconds until expiry, rounded down, as LeaseTimeToLive reports; -1 if expired or
  // not found; the full TTL on a member that is not primary.
  std::int64_t remaining_seconds(LeaseId id, sim::Time now) const;

  const Lease* find(LeaseId id) const;
  bool contains(LeaseId id) const { return leases_.count(id) != 0; }
  std::size_t size() const { return leases_.size(); }
  std::int64_t min_ttl_seconds() const { return min_ttl_seconds_; }

  std::vector<LeaseRecord> records() const;
  // Replaces every lease with `records` (no keys attached yet, expiry kTimeNever, as
  // etcd's lessor.Recover); the store then re-attaches the keys it holds.
  void restore(const std::vector<LeaseRecord>& records);

 private:
  void refresh(Lease& lease, sim::Time now, sim::Time extend) const;
  void spread_piled_up_expiries(sim::Time now, sim::Time extend);

  std::int64_t min_ttl_seconds_;
  bool primary_ = false;
  std::map<LeaseId, Lease> leases_;
};

}  // namespace kcsim::etcd::mvcc
