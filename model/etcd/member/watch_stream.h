// One watch as etcd's Go client keeps it (clientv3's watchGrpcStream, one watcher per
// stream), for a process that watches: a synthetic watcher now, the API server's
// watch cache later.
//
// Contract:
//  - The stream goes to one endpoint at a time. It is lost when a reset or a FIN
//    reaches the client (the member's process died on a live host, or the member
//    ended it), when no kCreated answer comes within the dial timeout, or when a
//    keep-alive ping goes unanswered: after `keepalive_time` with nothing heard the
//    client pings, and after `keepalive_timeout` more without an answer it gives up on
//    the connection (grpc-go's keepalive; kube-apiserver sets 30s and 10s). A dead
//    host or a partition is found only that way.
//  - A lost stream is resumed on the next endpoint, transparently, from the next
//    revision not yet received (clientv3's nextRev: one past the last event, or past
//    the header revision of a response without events), after a backoff that starts
//    at 1ms and grows by 25% per failed attempt up to 100ms (openWatchClient). The
//    handler sees no gap: every change in the range from the start revision on is
//    delivered once, in order, unless the watch halts.
//  - A halt ends the watch: the member canceled it with "no leader" (require-leader,
//    after 3 election timeouts without one) or "compacted" (the resume revision is
//    gone). The handler decides what comes next (`restart` from a revision, on the
//    next endpoint).
//  - request_progress (clientv3 Watcher.RequestProgress, etcd 3.4+): sends a
//    WatchProgressRequest on the connected stream; false (nothing sent) while the watch
//    is not created on a member (dialing, backing off, halted), where clientv3 has no
//    stream to send it on. The member answers, if its watcher is synced, with a
//    progress notification: on_watch_progress(revision), after every event up to that
//    revision. The resume revision moves past it, as for any response.
//  - Timers and messages belong to the owner's incarnation; a generation number makes
//    those of an earlier connection harmless. The object must live as long as its
//    owner's incarnation (restart it rather than replace it).
#pragma once

#include <cstdint>
#include <vector>

#include "model/etcd/member/watch_wire.h"
#include "sim/process.h"

namespace kcsim::etcd {

struct WatchStreamConfig {
  sim::Time keepalive_time = 30 * sim::kSecond;     // kube-apiserver's keepaliveTime
  sim::Time keepalive_timeout = 10 * sim::kSecond;  // kube-apiserver's keepaliveTimeout
  sim::Time dial_timeout = 20 * sim::kSecond;       // kube-apiserver's dialTimeout
  bool require_leader = true;                       // kube-apiserver watches with it
};

class WatchStreamHandler {
 public:
  virtual ~WatchStreamHandler() = default;
  // A response with events (in revision order, none seen before).
  virtual void on_watch_events(const mvcc::WatchResponse& response) = 0;
  // A progress notification (a response without events): every change up to
  // `revision` has been delivered. Periodic ones (progress_notify) and requested ones.
  virtual void on_watch_progress(std::int64_t revision) { (void)revision; }
  // The watch ended: kNoLeader or kCompacted (then `compact_revision` is set).
  virtual void on_watch_halted(ClientError error, std::int64_t compact_revision) = 0;
};

class WatchStream {
 public:
  static constexpr sim::Time kBackoffInitial = sim::kMillisecond;
  static constexpr sim::Time kBackoffMax = 100 * sim::kMillisecond;

  WatchStream(sim::ProcessContext& owner, std::vector<sim::ProcessId> endpoints,
              std::size_t endpoint, WatchStreamConfig config, WatchStreamHandler& handler);

  // Starts (or starts again, after a halt) watching `request`.
  void restart(const mvcc::WatchCreateRequest& request);
  // Messages for this watch; false when `message` is for another stream.
  bool on_message(const WatchMessage& message);
  // Asks the member for a progress notification (see the contract); false: not sent.
  bool request_progress();

  bool active() const { return active_; }
  bool connected() const { return created_; }
  std::int64_t next_revision() const { return request_.start_revision; }
  // Created watches whose connection was lost, resumed on another member.
  std::uint64_t resumes() const { return resumes_; }

 private:
  void connect();
  void lost();
  void close_connection();
  void check_keepalive(std::uint64_t generation);
  void heard();
  void arm_keepalive(sim::Time when);

  sim::ProcessContext& owner_;
  std::vector<sim::ProcessId> endpoints_;
  std::size_t endpoint_ = 0;
  WatchStreamConfig config_;
  WatchStreamHandler& handler_;
  mvcc::WatchCreateRequest request_;  // start_revision is the resume revision
  bool active_ = false;
  bool started_ = false;
  bool created_ = false;
  sim::StreamId stream_ = sim::kNoStream;
  std::uint64_t generation_ = 0;            // +1 per connection attempt
  std::uint64_t keepalive_generation_ = 0;  // the connection whose keep-alive timer is set
  sim::Time last_heard_ = 0;
  sim::Time ping_sent_ = -1;  // -1: no ping outstanding
  sim::Time backoff_ = 0;
  std::uint64_t resumes_ = 0;
};

}  // namespace kcsim::etcd
