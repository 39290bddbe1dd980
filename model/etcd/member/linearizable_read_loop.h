// etcd's linearizable read loop, for one member (etcd v3.5
// server/etcdserver/v3_server.go: linearizableReadNotify, linearizableReadLoop,
// requestCurrentIndex, sendReadIndex).
//
// Contract:
//  - `notify(done)` (linearizableReadNotify) queues a read; `done` runs exactly once, with
//    kOk once this member has applied up to an index the leader confirmed by ReadIndex
//    after the read arrived, kLeaderChanged if a new leader appears while the index is
//    awaited, or kTimeout when no answer came within etcd's request timeout
//    (ReqTimeout: 5s + 2 x election timeout). Nothing runs it after the owner's
//    incarnation ends (its timers end with it).
//  - Reads are batched, as etcd's readNotifier: one ReadIndex request is in flight at a
//    time; it answers every read queued before it was sent. Reads that arrive meanwhile
//    wait for the next round, which starts when this one ends (etcd's readwaitc).
//  - Each round's request context is unique across members and incarnations (etcd's
//    reqIDGen carries the member id and the start time): `id_prefix` names the member
//    and incarnation, a counter the round. A leader's ReadOnly queue keys requests by
//    their context, so two members with the same context would shadow each other.
//  - While the round waits for its ReadIndex answer, the request is sent again every
//    500ms (readIndexRetryTime) and at once when this member applies the first entry of
//    a new term (etcd's firstCommitInTermNotify, from applyEntryNormal's empty entry):
//    a request dropped on the way (a follower with no leader yet, a lost message, a
//    leader that stepped down) is not waited out to the request timeout. A leader
//    ignores a context it already holds (read_only.go addRequest), so a resend is safe.
//  - An answer with another round's context is ignored (etcd: "ignored out-of-date read
//    index response").
//  - Once the index is confirmed, the round waits for this member to apply it (etcd's
//    applyWait) with no deadline of its own, and a leader change no longer cuts it short.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/etcd/member/wire.h"
#include "model/etcd/raft/entry.h"
#include "sim/process.h"

namespace kcsim::etcd {

class LinearizableReadLoop {
 public:
  using Done = std::function<void(ClientError)>;
  // Steps a MsgReadIndex with this context into the member's Raft node.
  using SendReadIndex = std::function<void(const std::string& request_ctx)>;
  // A round that failed (leader changed, timed out): etcd's readIndexFailed and
  // slowReadIndex counters.
  using RoundFailed = std::function<void(ClientError)>;

  // etcd v3.5 server/etcdserver/v3_server.go: readIndexRetryTime = 500 * time.Millisecond.
  static constexpr sim::Time kReadIndexRetryTime = 500 * sim::kMillisecond;
  // Reads queued at one member at once: far beyond what any scenario's clients keep in
  // flight (gRPC's streams per connection bound them in etcd); more is a bug.
  static constexpr std::size_t kReadsQueuedMax = 1 << 20;

  LinearizableReadLoop(sim::ProcessContext& owner, std::string id_prefix, sim::Time request_timeout,
                       SendReadIndex send, RoundFailed failed);

  void notify(Done done);
  // A ReadState from Raft (readStateC).
  void on_read_state(const std::string& request_ctx, raft::Index index);
  // This member applied up to `applied` (applyWait).
  void on_applied(raft::Index applied);
  // etcd's leaderChanged notification (a new leader in the soft state).
  void on_leader_changed();
  // etcd's firstCommitInTermNotify: this member applied a leader's empty entry.
  void on_first_commit_in_term();

  std::size_t queued() const { return next_.size() + round_.size(); }
  std::uint64_t rounds() const { return rounds_; }
  std::uint64_t resends() const { return resends_; }

 private:
  enum class Phase : std::uint8_t { kIdle, kRequesting, kApplying };

  void start_round();
  void send_again();
  void finish_round(ClientError error);

  sim::ProcessContext& owner_;
  std::string id_prefix_;
  sim::Time request_timeout_;
  SendReadIndex send_;
  RoundFailed failed_;
  Phase phase_ = Phase::kIdle;
  std::vector<Done> next_;   // etcd's s.readNotifier: reads for the next round
  std::vector<Done> round_;  // etcd's nr: the reads of the round in flight
  std::string request_ctx_;  // the round's context ("" when idle)
  raft::Index confirmed_ = 0;
  raft::Index applied_ = 0;
  sim::TimerId retry_timer_;
  sim::TimerId error_timer_;
  std::uint64_t rounds_ = 0;
  std::uint64_t resends_ = 0;
};

}  // namespace kcsim::etcd
