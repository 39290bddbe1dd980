#include "model/etcd/member/etcd_member.h"

#include <spdlog/logger.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "sim/cpu.h"
#include "sim/disk.h"
#include "sim/invariant.h"
#include "sim/overloaded.h"

namespace kcsim::etcd {
namespace {

constexpr sim::Label kTick{"etcd.tick"};
constexpr sim::Label kRequestTimeout{"etcd.request_timeout"};
constexpr sim::Label kResponse{"etcd.response"};
constexpr sim::Label kLeaderElected{"etcd.leader_elected"};
constexpr sim::Label kSnapshot{"etcd.snapshot"};
constexpr sim::Label kRemoved{"etcd.removed"};
constexpr sim::Label kForward{"etcd.forward"};
constexpr sim::Label kBackendTick{"etcd.backend_batch"};
constexpr sim::Label kLeaseTick{"etcd.lease_expiry_check"};
constexpr sim::Label kLeaseForward{"etcd.lease_renew_forward"};

// etcd's lessor checks for expired leases every 500ms (lessor.runLoop), revokes at
// most half its revoke rate per check, and does not send an expired lease again for
// expiredLeaseRetryInterval.
constexpr sim::Time kLeaseCheckInterval = 500 * sim::kMillisecond;
constexpr std::size_t kLeaseRevokesPerCheck = mvcc::kLeaseRevokeRate / 2;
constexpr sim::Time kExpiredLeaseRetryInterval = 3 * sim::kSecond;

// One trace label per Raft message type, in the order of raft::MessageType, with
// etcd-io/raft's names.
constexpr sim::Label kMessageLabels[] = {
    sim::Label{"raft.MsgHup"},           sim::Label{"raft.MsgBeat"},
    sim::Label{"raft.MsgProp"},          sim::Label{"raft.MsgApp"},
    sim::Label{"raft.MsgAppResp"},       sim::Label{"raft.MsgVote"},
    sim::Label{"raft.MsgVoteResp"},      sim::Label{"raft.MsgSnap"},
    sim::Label{"raft.MsgHeartbeat"},     sim::Label{"raft.MsgHeartbeatResp"},
    sim::Label{"raft.MsgUnreachable"},   sim::Label{"raft.MsgSnapStatus"},
    sim::Label{"raft.MsgCheckQuorum"},   sim::Label{"raft.MsgTransferLeader"},
    sim::Label{"raft.MsgTimeoutNow"},    sim::Label{"raft.MsgReadIndex"},
    sim::Label{"raft.MsgReadIndexResp"}, sim::Label{"raft.MsgPreVote"},
    sim::Label{"raft.MsgPreVoteResp"},
};
static_assert(std::size(kMessageLabels) ==
              static_cast<std::size_t>(raft::MessageType::kPreVoteResp) + 1);

const sim::Label& message_label(raft::MessageType type) {
  return kMessageLabels[static_cast<std::size_t>(type)];
}

// Members are etcd-0..N-1, Raft nodes 1..N (etcd_cluster.cc).
std::string member_name(raft::NodeId id) {
  return id == raft::kNoNode ? std::string("nobody") : "etcd-" + std::to_string(id - 1);
}

// Readable fields of a delivered Raft message in the trace's JSON lines (docs/trace.md):
// annotations, which the trace hash does not cover.
constexpr sim::Label kTermField{"term"};
constexpr sim::Label kLogTermField{"log_term"};
constexpr sim::Label kIndexField{"index"};
constexpr sim::Label kCommitField{"commit"};
constexpr sim::Label kEntriesField{"entries"};
constexpr sim::Label kGranted{"outcome=granted"};
constexpr sim::Label kRefused{"outcome=refused"};
constexpr sim::Label kRejected{"outcome=rejected"};
constexpr sim::Label kAccepted{"outcome=accepted"};

void annotate_delivery(const sim::ProcessContext& ctx, const raft::Message& m) {
  constexpr auto kAnnotate = sim::TraceKind::kAnnotate;
  ctx.note(kAnnotate, kTermField, m.term);
  switch (m.type) {
    case raft::MessageType::kVote:
    case raft::MessageType::kPreVote:
      ctx.note(kAnnotate, kLogTermField, m.log_term);
      ctx.note(kAnnotate, kIndexField, m.index);
      break;
    case raft::MessageType::kVoteResp:
    case raft::MessageType::kPreVoteResp:
      ctx.note(kAnnotate, m.reject ? kRefused : kGranted);
      break;
    case raft::MessageType::kApp:
      ctx.note(kAnnotate, kLogTermField, m.log_term);
      ctx.note(kAnnotate, kIndexField, m.index);
      ctx.note(kAnnotate, kEntriesField, m.entries.size());
      ctx.note(kAnnotate, kCommitField, m.commit);
      break;
    case raft::MessageType::kAppResp:
      ctx.note(kAnnotate, kIndexField, m.index);
      ctx.note(kAnnotate, m.reject ? kRejected : kAccepted);
      break;
    case raft::MessageType::kHeartbeat:
      ctx.note(kAnnotate, kCommitField, m.commit);
      break;
    case raft::MessageType::kSnap:
      ctx.note(kAnnotate, kIndexField, m.snapshot.metadata.index);
      break;
    default:
      break;
  }
}

// The narrated log writes commits at info at most this often (docs/teaching.md).
constexpr sim::Time kCommitSummaryInterval = sim::kSecond;

constexpr std::uint64_t kMessageHeaderBytes = 64;

}  // namespace

EtcdMember::EtcdMember(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
                       raft::NodeId node_id)
    : Process(context),
      cluster_(std::move(cluster)),
      node_id_(node_id),
      watch_server_(Process::context(), store_,
                    WatchServerMetrics{
                        cluster_->member_metrics.at(node_id - 1)->watchers,
                        cluster_->member_metrics.at(node_id - 1)->watch_events,
                        cluster_->member_metrics.at(node_id - 1)->watch_progress_notifications}),
      cpu_rng_(Process::context().rng("cpu")),
      // The read loop's request ids name the member and its incarnation, as etcd's
      // reqIDGen (idutil.NewGenerator(memberID, time.Now())) makes them unique.
      read_loop_(
          Process::context(),
          std::to_string(node_id) + "." + std::to_string(Process::context().incarnation()),
          cluster_->config.request_timeout(),
          [this](const std::string& request_ctx) {
            if (!node_ || stopped_) return;
            node_->read_index(request_ctx);
            process_ready();
          },
          [this](ClientError) { metrics().read_indexes_failed.inc(); }) {}

EtcdMember::~EtcdMember() = default;

void EtcdMember::on_crash() {
  // A crashed member no longer reports a leader.
  metrics().has_leader.set(0);
  metrics().is_leader.set(0);
  metrics().proposals_pending.set(0);
  metrics().watchers.set(0);
  cluster_->view(node_id_) = MemberView{};
}

void EtcdMember::publish(bool conf_changed) {
  MemberView& view = cluster_->view(node_id_);
  view.up = true;
  view.store = &store_;
  view.soft_state = soft_state_;
  view.term = term();
  if (conf_changed) view.conf_state = node_->conf_state();
}

raft::Term EtcdMember::term() const {
  return node_ ? node_->raft().term() : 0;
}

void EtcdMember::start() {
  handle(kRaftPort, [this](sim::ProcessId, raft::Message m) { on_raft_message(std::move(m)); });
  handle(kRaftSnapshotPort, [this](sim::ProcessId, SnapshotMessage m) {
    on_snapshot_message(std::move(m.message), std::move(m.snapshot));
  });
  handle(kKvPort, [this](sim::ProcessId, ClientRequest r) { on_client_request(std::move(r)); });
  handle(kClusterPort, [this](sim::ProcessId, MemberRequest r) { on_member_request(r); });
  handle(kLeaseKeepAlivePort, [this](sim::ProcessId, LeaseKeepAlive r) { on_lease_keep_alive(r); });
  handle(kWatchPort, [this](sim::ProcessId, WatchOpen r) { on_watch_open(std::move(r)); });
  handle(kWatchPingPort,
         [this](sim::ProcessId from, WatchPing ping) { watch_server_.ping(from, ping.stream); });
  handle(kWatchProgressPort, [this](sim::ProcessId, WatchProgressRequest request) {
    if (!stopped_) watch_server_.request_progress(request.stream);
  });
  sim::Disk& disk = context().disk();
  disk_state_ = &disk.file<sim::DurableState<MemberDisk>>("member").state();
  const EtcdConfig& config = cluster_->config;

  raft::Config raft_config;
  raft_config.id = node_id_;
  raft_config.election_tick = config.election_ticks();
  raft_config.heartbeat_tick = config.heartbeat_ticks();
  raft_config.election_tick_min = config.election_min_ticks();
  raft_config.election_tick_max = config.election_max_ticks();
  raft_config.pre_vote = config.pre_vote;
  raft_config.check_quorum = config.check_quorum;
  // A member of the initial cluster bootstraps it (--initial-cluster-state=new); one
  // added later joins with no membership and learns it from the leader.
  const bool joining = node_id_ > cluster_->initial_members;
  if (disk_state_->storage.is_empty() && !joining) {
    for (raft::NodeId n = 1; n <= cluster_->initial_members; ++n)
      raft_config.voters.push_back(n);
  }
  if (disk_state_->store_snapshot) {
    store_.restore(*disk_state_->store_snapshot);
    applied_ = disk_state_->storage.snapshot().metadata.index;
    applied_term_ = disk_state_->storage.snapshot().metadata.term;
    snapshot_index_ = applied_;
    // As etcd's restartNode: the log may keep entries before the snapshot (the
    // catch-up entries); those are in the store already.
    raft_config.applied = applied_;
  }
  spdlog::logger& log = context().log();
  raft::LogSink raft_lines;  // etcd-io/raft's own lines, at trace only (they cost a format)
  if (log.should_log(spdlog::level::trace)) {
    raft_lines = [this](std::string_view line) {
      context().log().trace("{}: raft: {}", name(), line);
    };
  }
  narration_.catching_up = !disk_state_->storage.is_empty();  // a restart, not a first boot
  if (narration_.catching_up) narrate_restart();
  node_ = std::make_unique<raft::RaftNode>(raft_config, disk_state_->storage, context().rng("raft"),
                                           std::move(raft_lines));
  if (log.should_log(spdlog::level::info)) {
    node_->set_note_sink([this](const raft::Note& note) { narrate_note(note); });
    // The first timeout was drawn as the node was built, before it had a sink.
    narrate_note({.kind = raft::NoteKind::kTimeoutDrawn,
                  .level = raft::NoteLevel::kDebug,
                  .self = node_id_,
                  .term = node_->raft().term(),
                  .ticks = node_->raft().randomized_election_timeout_ticks()});
  }
  narration_.applied_at_restart = applied_;
  for (raft::RaftObserver* o : cluster_->raft_observers)
    o->on_restart(node_id_, applied_);
  after(config.tick_interval(), kTick, [this] { tick(); });
  after(config.backend_batch_interval, kBackendTick, [this] { backend_tick(); });
  after(kLeaseCheckInterval, kLeaseTick, [this] { lease_tick(); });
  publish(true);
  process_ready();
}

void EtcdMember::backend_tick() {
  if (backend_pending_ > 0) commit_backend();
  after(cluster_->config.backend_batch_interval, kBackendTick, [this] { backend_tick(); });
}

void EtcdMember::commit_backend() {
  if (backend_committing_ || stopped_) return;
  backend_committing_ = true;
  backend_pending_ = 0;
  const sim::Time started = now();
  context().disk().fsync(
      [this, started](sim::DiskStatus status) {
        backend_committing_ = false;
        if (status != sim::DiskStatus::kOk) {
          fatal("backend: commit failed: " + std::string(sim::to_string(status)));
          return;
        }
        metrics().backend_commit_seconds.record(sim::to_seconds(now() - started));
      },
      cluster_->config.backend_commit);
}

void EtcdMember::tick() {
  if (++ticks_ % static_cast<std::uint64_t>(cluster_->config.election_ticks()) == 0) {
    watch_server_.leader_check(soft_state_.leader != raft::kNoNode);
  }
  node_->tick();
  process_ready();
  after(cluster_->config.tick_interval(), kTick, [this] { tick(); });
}

void EtcdMember::on_raft_message(raft::Message message) {
  if (disk_state_->removed_members.contains(message.from)) return;
  heard_from(message.from);
  annotate_delivery(context(), message);
  spdlog::logger& log = context().log();
  if (log.should_log(spdlog::level::debug)) {
    log.debug("{}: received {}", name(), raft::narrate(message, member_name));
  }
  if (message.type == raft::MessageType::kApp) narration_.leader_commit = message.commit;
  node_->step(message);
  process_ready();
  narrate_catch_up();
}

void EtcdMember::on_snapshot_message(raft::Message message, StoreSnapshotPtr snapshot) {
  if (snapshot) received_snapshots_[message.snapshot.data] = std::move(snapshot);
  on_raft_message(std::move(message));
}

void EtcdMember::heard_from(raft::NodeId peer) {
  PeerContact& contact = peers_[peer];
  // A silence longer than an election timeout is a broken connection: contact starts over.
  if (contact.last_heard < 0 || now() - contact.last_heard > cluster_->config.election_timeout) {
    contact.connected_since = now();
  }
  contact.last_heard = now();
}

bool EtcdMember::connected_since(raft::NodeId peer, sim::Time since) const {
  if (peer == node_id_) return true;
  const auto it = peers_.find(peer);
  if (it == peers_.end() || it->second.last_heard < 0) return false;
  const PeerContact& contact = it->second;
  return now() - contact.last_heard <= cluster_->config.election_timeout &&
         contact.connected_since <= since;
}

void EtcdMember::process_ready() {
  while (!stopped_ && !persisting_ && node_->has_ready()) {
    raft::Ready ready = node_->ready();
    if (ready.soft_state) on_soft_state(*ready.soft_state);
    cluster_->view(node_id_).term = term();
    send_raft(ready.messages);
    if (!ready.must_sync) {
      finish_ready(ready);
      continue;
    }
    std::uint64_t bytes = 32;  // the hard state record
    for (const raft::Entry& e : ready.entries)
      bytes += ProposalTable::entry_bytes(e) + 16;
    sim::Disk& disk = context().disk();
    if (ready.snapshot) bytes += snapshot_bytes(ready.snapshot->data);
    if (disk.write_bytes(bytes) != sim::DiskStatus::kOk) {
      fatal("wal: write failed: no space left on device");
      return;
    }
    persisting_ = true;
    const sim::Time started = now();
    disk.fsync([this, ready = std::move(ready), started](sim::DiskStatus status) mutable {
      persisting_ = false;
      if (status != sim::DiskStatus::kOk) {
        fatal("wal: fsync failed: " + std::string(sim::to_string(status)));
        return;
      }
      metrics().wal_fsync_seconds.record(sim::to_seconds(now() - started));
      finish_ready(ready);
      process_ready();
    });
    return;
  }
}

void EtcdMember::finish_ready(raft::Ready& ready) {
  raft::MemoryStorage& storage = disk_state_->storage;
  if (ready.snapshot) storage.apply_snapshot(*ready.snapshot);
  if (ready.hard_state) {
    storage.set_hard_state(*ready.hard_state);
    metrics().proposals_committed.set(static_cast<double>(ready.hard_state->commit));
  }
  if (!ready.entries.empty()) storage.append(ready.entries);
  send_raft(ready.messages_after_persist);
  if (ready.snapshot) install_snapshot(*ready.snapshot);
  if (stopped_) return;
  apply(ready.committed_entries);
  if (!ready.committed_entries.empty()) narrate_commits(ready.committed_entries);
  for (const raft::ReadState& rs : ready.read_states)
    read_loop_.on_read_state(rs.request_ctx, rs.index);
  node_->advance();
  after_conf_changes(ready.committed_entries);
  if (stopped_) return;
  maybe_snapshot();
  read_loop_.on_applied(applied_);
}

void EtcdMember::install_snapshot(const raft::Snapshot& snapshot) {
  StoreSnapshotPtr store_snapshot = find_snapshot(snapshot.data);
  received_snapshots_.clear();
  if (!store_snapshot) {
    fatal("snapshot " + snapshot.data + " has no store snapshot");
    return;
  }
  disk_state_->store_snapshot = store_snapshot;
  watch_server_.deliver(store_.restore(*store_snapshot));
  applied_ = snapshot.metadata.index;
  applied_term_ = snapshot.metadata.term;
  snapshot_index_ = applied_;
  for (raft::RaftObserver* o : cluster_->raft_observers)
    o->on_snapshot_applied(node_id_, snapshot.metadata.index, snapshot.metadata.term);
  metrics().snapshots_received.inc();
  publish(true);
  context().log().info("{} applied the leader's snapshot at index {}", name(), applied_);
}

StoreSnapshotPtr EtcdMember::find_snapshot(const std::string& data) const {
  if (auto it = received_snapshots_.find(data); it != received_snapshots_.end()) return it->second;
  return cluster_->snapshots.find(data);
}

std::uint64_t EtcdMember::snapshot_bytes(const std::string& data) const {
  const StoreSnapshotPtr snapshot = find_snapshot(data);
  return snapshot ? SnapshotTable::wire_bytes(*snapshot) : data.size();
}

void EtcdMember::maybe_snapshot() {
  // etcd's triggerSnapshot: more than --snapshot-count entries applied since the last
  // snapshot; then the log is compacted, keeping --snapshot-catchup-entries entries.
  const EtcdConfig& config = cluster_->config;
  if (applied_ <= snapshot_index_ + config.snapshot_count) return;
  auto store_snapshot = std::make_shared<const mvcc::StoreSnapshot>(store_.snapshot());
  std::string data = cluster_->snapshots.add(store_snapshot);
  raft::MemoryStorage& storage = disk_state_->storage;
  storage.create_snapshot(applied_, node_->conf_state(), std::move(data));
  disk_state_->store_snapshot = std::move(store_snapshot);
  snapshot_index_ = applied_;
  if (applied_ > config.snapshot_catch_up_entries) {
    storage.compact(applied_ - config.snapshot_catch_up_entries);
  }
  context().note(sim::TraceKind::kNote, kSnapshot, applied_);
}

void EtcdMember::on_soft_state(const raft::SoftState& state) {
  const bool new_leader = state.leader != raft::kNoNode && state.leader != soft_state_.leader;
  if (new_leader) metrics().leader_changes.inc();
  metrics().has_leader.set(state.leader != raft::kNoNode ? 1 : 0);
  metrics().is_leader.set(state.role == raft::StateRole::kLeader ? 1 : 0);
  // etcd's leaderChanged notification: the read round waiting for its read index gets
  // "leader changed" (the clients retry); one with an index carries on.
  if (new_leader) read_loop_.on_leader_changed();
  if (state.role != raft::StateRole::kLeader && store_.lessor().primary()) {
    store_.demote();  // etcd's updateLeadership: a member that no longer leads demotes
  }
  if (state.role == raft::StateRole::kLeader && soft_state_.role != raft::StateRole::kLeader) {
    cluster_->elections_won.inc();
    context().note(sim::TraceKind::kNote, kLeaderElected, term());
    // The story's line is Raft's own note ("won the election"); this one is for debugging.
    context().log().debug("{}: became leader at term {}", name(), term());
    const raft::MemoryStorage& storage = disk_state_->storage;
    auto log = storage.entries(storage.first_index(), storage.last_index() + 1, UINT64_MAX);
    if (const auto* entries = std::get_if<std::vector<raft::Entry>>(&log)) {
      for (raft::RaftObserver* o : cluster_->raft_observers)
        o->on_leader(term(), node_id_, storage.first_index(), *entries);
    }
  }
  soft_state_ = state;
  publish(false);
}

void EtcdMember::charge(const sim::Distribution& cost, std::size_t times) {
  // Work that holds a core but that nothing waits for: it delays the requests queued
  // behind it, and bounds the member's throughput, as etcd's apply and send loops do.
  sim::Time total = 0;
  for (std::size_t i = 0; i < times; ++i)
    total += cost.sample_duration(cpu_rng_);
  if (total == 0) return;
  metrics().cpu_seconds.add(sim::to_seconds(total));
  context().cpu().run(total, [] {});
}

void EtcdMember::apply(const std::vector<raft::Entry>& entries) {
  std::size_t writes = 0;
  for (const raft::Entry& entry : entries) {
    applied_ = entry.index;
    applied_term_ = entry.term;
    for (raft::RaftObserver* o : cluster_->raft_observers)
      o->on_applied(node_id_, entry);
    if (entry.type != raft::EntryType::kNormal) continue;
    const Proposal* proposal = ProposalTable::find(entry);
    if (!proposal) {
      // A leader's empty entry. As etcd's applyEntryNormal: a leader that applies one
      // has applied everything of earlier terms, and its lessor becomes primary; the
      // leases' expiries restart, extended by an election timeout.
      if (soft_state_.role == raft::StateRole::kLeader && !store_.lessor().primary()) {
        store_.promote(now(), cluster_->config.election_timeout);
        revoke_retry_.clear();
      }
      // applyEntryNormal's notifyAboutFirstCommitInTerm, at every member: the read loop
      // sends its ReadIndex again, as the new leader can now serve it.
      read_loop_.on_first_commit_in_term();
      continue;
    }
    ++writes;
    mvcc::ApplyResult result = store_.apply(entry.index, entry.term, proposal->request, now());
    if (++backend_pending_ >= cluster_->config.backend_batch_limit) commit_backend();
    watch_server_.deliver(std::move(result.watch_responses));
    auto it = pending_writes_.find(proposal->id);
    if (it == pending_writes_.end()) continue;
    cancel(it->second.timeout);
    WriteDone done = std::move(it->second.done);
    pending_writes_.erase(it);
    done(from_store_error(result.error), std::move(result.response));
  }
  metrics().proposals_applied.set(static_cast<double>(applied_));
  metrics().proposals_pending.set(static_cast<double>(pending_writes_.size()));
  charge(cluster_->config.apply_cpu, writes);
}

void EtcdMember::read_notify(ReadDone done) {
  read_loop_.notify(std::move(done));
}

void EtcdMember::ensure_leadership(std::function<void(bool)> done) {
  if (soft_state_.role != raft::StateRole::kLeader) {
    done(false);
    return;
  }
  read_notify([this, done = std::move(done)](ClientError error) {
    done(error == ClientError::kOk && !stopped_ && soft_state_.leader == node_id_);
  });
}

void EtcdMember::on_client_request(ClientRequest request) {
  const EtcdConfig& config = cluster_->config;
  const bool read = std::holds_alternative<mvcc::RangeRequest>(request.request);
  const sim::Time cost = (read ? config.read_cpu : config.write_cpu).sample_duration(cpu_rng_);
  metrics().cpu_seconds.add(sim::to_seconds(cost));
  context().cpu().run(cost, [this, request = std::move(request)]() mutable {
    serve_client_request(std::move(request));
  });
}

void EtcdMember::on_watch_open(WatchOpen request) {
  const sim::Time cost = cluster_->config.read_cpu.sample_duration(cpu_rng_);
  metrics().cpu_seconds.add(sim::to_seconds(cost));
  context().cpu().run(cost, [this, request = std::move(request)] {
    if (!stopped_) watch_server_.open(request, soft_state_.leader != raft::kNoNode);
  });
}

void EtcdMember::serve_client_request(ClientRequest request) {
  if (stopped_) return;
  if (soft_state_.leader == raft::kNoNode) {
    respond(request, ClientError::kNoLeader);
    return;
  }
  if (const auto* range = std::get_if<mvcc::RangeRequest>(&request.request)) {
    read_notify([this, client = request.client, request_id = request.request_id,
                 range = *range](ClientError error) {
      if (error != ClientError::kOk) {
        reply(client, ClientResponse{request_id, error, {}});
        return;
      }
      mvcc::ReadResult result = store_.range(range);
      reply(client, ClientResponse{request_id, from_store_error(result.error),
                                   mvcc::Response{std::move(result.response)}});
    });
    return;
  }
  const std::uint64_t size = request_size_bytes(request.request);
  if (size > cluster_->config.max_request_bytes) {
    respond(request, ClientError::kTooLarge);
    return;
  }
  if (const mvcc::Error error = store_.check_quota(request.request); error != mvcc::Error::kOk) {
    respond(request, from_store_error(error));
    return;
  }
  const sim::ProcessId client = request.client;
  const std::uint64_t request_id = request.request_id;
  propose(std::move(request.request), size,
          [this, client, request_id](ClientError error, mvcc::Response response) {
            reply(client, ClientResponse{request_id, error, std::move(response)});
          });
}

void EtcdMember::propose(mvcc::Request request, std::uint64_t size, WriteDone done) {
  const auto proposal = cluster_->proposals.add(std::move(request), size);
  if (node_->propose(ProposalTable::entry_data(proposal->id), proposal) != raft::StepResult::kOk) {
    metrics().proposals_failed.inc();
    done(ClientError::kNoLeader, {});
    return;
  }
  PendingWrite& write = pending_writes_[proposal->id];
  write.done = std::move(done);
  const std::uint64_t proposal_id = proposal->id;
  write.timeout = after(cluster_->config.request_timeout(), kRequestTimeout, [this, proposal_id] {
    auto it = pending_writes_.find(proposal_id);
    if (it == pending_writes_.end()) return;
    metrics().proposals_failed.inc();
    WriteDone expired = std::move(it->second.done);
    pending_writes_.erase(it);
    metrics().proposals_pending.set(static_cast<double>(pending_writes_.size()));
    expired(ClientError::kTimeout, {});
  });
  metrics().proposals_pending.set(static_cast<double>(pending_writes_.size()));
  process_ready();
}

void EtcdMember::on_lease_keep_alive(LeaseKeepAlive request) {
  const sim::Time cost = cluster_->config.read_cpu.sample_duration(cpu_rng_);
  metrics().cpu_seconds.add(sim::to_seconds(cost));
  context().cpu().run(cost, [this, request] {
    if (stopped_) return;
    if (soft_state_.role == raft::StateRole::kLeader) {
      renew_lease(request);
      return;
    }
    // A follower forwards the renewal to the leader (etcd: over the peer HTTP API),
    // once: a forwarded request that finds no leader here is answered "no leader".
    if (soft_state_.leader == raft::kNoNode || request.forwarded) {
      reply(request.client, ClientResponse{request.request_id, ClientError::kNoLeader, {}});
      return;
    }
    LeaseKeepAlive forwarded = request;
    forwarded.forwarded = true;
    context().send(kLeaseKeepAlivePort, cluster_->pid_of(soft_state_.leader), 64, kLeaseForward,
                   forwarded);
  });
}

void EtcdMember::renew_lease(const LeaseKeepAlive& request) {
  ensure_leadership([this, request](bool leading) {
    const mvcc::KeepAliveResult result = leading
                                             ? store_.lease_keep_alive(request.lease, now())
                                             : mvcc::KeepAliveResult{mvcc::Error::kNotPrimary, 0};
    if (result.error == mvcc::Error::kNotPrimary) {
      // Not (or not yet) the primary lessor: etcd retries until its request timeout;
      // here the client hears "no leader" and sends the next keep-alive elsewhere.
      reply(request.client, ClientResponse{request.request_id, ClientError::kNoLeader, {}});
      return;
    }
    mvcc::LeaseKeepAliveResponse response;
    response.header.revision = store_.current_revision();
    response.id = request.lease;
    // Not found, or expired and about to be revoked (etcd waits for the revoke, then
    // says "not found"): a TTL of 0 tells the client the lease is gone.
    if (result.error == mvcc::Error::kOk) {
      response.ttl_seconds = result.ttl_seconds;
      metrics().leases_renewed.inc();
      cluster_->lease_renewed(request.lease, now() + result.ttl_seconds * sim::kSecond);
    }
    reply(request.client, ClientResponse{request.request_id, ClientError::kOk, response});
  });
}

void EtcdMember::lease_tick() {
  after(kLeaseCheckInterval, kLeaseTick, [this] { lease_tick(); });
  if (stopped_ || !store_.lessor().primary()) return;
  std::vector<mvcc::LeaseId> due;
  for (mvcc::LeaseId lease : store_.expired_leases(now(), SIZE_MAX)) {
    if (due.size() >= kLeaseRevokesPerCheck) break;
    auto [it, fresh] = revoke_retry_.try_emplace(lease, 0);
    if (!fresh && it->second > now()) continue;
    it->second = now() + kExpiredLeaseRetryInterval;
    due.push_back(lease);
  }
  if (due.empty()) return;
  // etcd's revokeExpiredLeases: only a member that still leads revokes (etcd #15247).
  ensure_leadership([this, due = std::move(due)](bool leading) {
    if (!leading) return;
    for (mvcc::LeaseId lease : due) {
      mvcc::Request revoke = mvcc::LeaseRevokeRequest{lease};
      const std::uint64_t size = request_size_bytes(revoke);
      propose(std::move(revoke), size, [this, lease](ClientError error, const mvcc::Response&) {
        if (error != ClientError::kOk) return;
        revoke_retry_.erase(lease);
        metrics().leases_expired.inc();
        cluster_->lease_expired(context().log(), lease, now());
      });
    }
  });
}

void EtcdMember::send_raft(std::vector<raft::Message>& messages) {
  std::size_t entries_sent = 0;
  for (raft::Message& m : messages) {
    if (m.type == raft::MessageType::kApp) entries_sent += m.entries.size();
    std::uint64_t bytes = kMessageHeaderBytes + m.context.size();
    for (const raft::Entry& e : m.entries)
      bytes += ProposalTable::entry_bytes(e) + 16;
    const sim::ProcessId to = cluster_->pid_of(m.to);
    if (to == sim::kNoProcess) continue;
    const sim::Label& label = message_label(m.type);
    if (m.type == raft::MessageType::kSnap) {
      // As etcd's createMergedSnapshotMessage: the snapshot sent is taken now, at the
      // applied index with the current membership and the whole backend, not the stored
      // one (which may predate the follower's own addition: it would refuse to restore
      // it). The transfer is reported to Raft as a success when the message leaves: if it
      // is lost, the follower's rejections make the leader probe and send another.
      auto snapshot = std::make_shared<const mvcc::StoreSnapshot>(store_.snapshot());
      m.snapshot.metadata.index = applied_;
      m.snapshot.metadata.term = applied_term_;
      m.snapshot.metadata.conf_state = node_->conf_state();
      m.snapshot.data = cluster_->snapshots.add(snapshot);
      bytes += SnapshotTable::wire_bytes(*snapshot);
      const raft::NodeId follower = m.to;
      context().send(kRaftSnapshotPort, to, bytes, label,
                     SnapshotMessage{std::move(m), std::move(snapshot)});
      metrics().snapshots_sent.inc();
      node_->report_snapshot(follower, true);
      continue;
    }
    context().send(kRaftPort, to, bytes, label, std::move(m));
  }
  messages.clear();
  charge(cluster_->config.replicate_cpu, entries_sent);
}

void EtcdMember::respond(const ClientRequest& request, ClientError error, mvcc::Response response) {
  reply(request.client, ClientResponse{request.request_id, error, std::move(response)});
}

void EtcdMember::reply(sim::ProcessId client, ClientResponse message) {
  context().send(kResponsePort, client, 64, kResponse, std::move(message));
}

void EtcdMember::on_member_request(MemberRequest request) {
  if (soft_state_.leader == raft::kNoNode) {
    respond_member(request, ClientError::kNoLeader);
    return;
  }
  if (soft_state_.role != raft::StateRole::kLeader) {
    // The leader knows who is connected and in sync: the request goes there, and the
    // leader answers the client directly.
    context().send(kClusterPort, cluster_->pid_of(soft_state_.leader), 64, kForward, request);
    return;
  }
  if (const std::optional<ClientError> error = check_member_request(request)) {
    context().log().info("{}: {} {} refused: {}", name(), to_string(request.op), request.node,
                         to_string(*error));
    if (request.op == MemberOp::kPromote) cluster_->promote_failures(*error).inc();
    respond_member(request, *error);
    return;
  }
  raft::ConfChange change{raft::ConfChangeType::kAddVoter, request.node};
  if (request.op == MemberOp::kAddLearner) change.type = raft::ConfChangeType::kAddLearner;
  if (request.op == MemberOp::kRemove) change.type = raft::ConfChangeType::kRemove;
  if (node_->propose_conf_change(change) != raft::StepResult::kOk) {
    metrics().proposals_failed.inc();
    respond_member(request, ClientError::kNoLeader);
    return;
  }
  std::string key = raft::encode(change);
  if (auto old = pending_conf_changes_.find(key); old != pending_conf_changes_.end()) {
    cancel(old->second.timeout);
    respond_member(old->second.request, ClientError::kTimeout);
  }
  PendingConfChange& pending = pending_conf_changes_[key];
  pending.request = request;
  pending.timeout = after(cluster_->config.request_timeout(), kRequestTimeout, [this, key] {
    auto it = pending_conf_changes_.find(key);
    if (it == pending_conf_changes_.end()) return;
    respond_member(it->second.request, ClientError::kTimeout);
    pending_conf_changes_.erase(it);
  });
  process_ready();
}

std::optional<ClientError> EtcdMember::check_member_request(const MemberRequest& request) const {
  // etcdserver's mayAddMember, mayRemoveMember and mayPromoteMember, with
  // --strict-reconfig-check, and the learner checks that apply without it.
  const EtcdConfig& config = cluster_->config;
  const raft::ConfState conf = node_->conf_state();
  auto contains = [](const std::vector<raft::NodeId>& ids, raft::NodeId id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  const raft::NodeId target = request.node;
  const bool voter = contains(conf.voters, target);
  const bool learner = contains(conf.learners, target);
  // A member counts as started once it has been heard from (etcd: it published its
  // attributes), even if it is down now.
  auto started = [&](raft::NodeId id) { return id == node_id_ || peers_.contains(id); };
  // etcd's IsReadyToAddVotingMember / IsReadyToPromoteMember: with one more voter, the
  // started ones (`already_started` of them outside conf.voters) still make a quorum.
  auto quorum_started_with_one_more = [&](std::size_t already_started) {
    std::size_t started_voters = already_started;
    for (raft::NodeId id : conf.voters) {
      if (started(id)) ++started_voters;
    }
    return started_voters >= (conf.voters.size() + 1) / 2 + 1;
  };
  const sim::Time healthy_since = now() - EtcdConfig::kHealthInterval;
  std::size_t connected = 0;
  for (raft::NodeId id : conf.voters) {
    if (connected_since(id, healthy_since)) ++connected;
  }
  switch (request.op) {
    case MemberOp::kAdd:
    case MemberOp::kAddLearner: {
      if (voter || learner || disk_state_->removed_members.contains(target)) {
        return ClientError::kMemberExists;
      }
      if (request.op == MemberOp::kAddLearner) {
        if (conf.learners.size() >= config.max_learners) return ClientError::kTooManyLearners;
        return std::nullopt;
      }
      if (!config.strict_reconfig_check) return std::nullopt;
      if (!quorum_started_with_one_more(0)) return ClientError::kNotEnoughStarted;
      if (connected < conf.voters.size()) return ClientError::kUnhealthy;
      return std::nullopt;
    }
    case MemberOp::kRemove: {
      if (!voter && !learner) return ClientError::kMemberNotFound;
      if (learner || !config.strict_reconfig_check) return std::nullopt;
      std::size_t remaining = 0;
      std::size_t started_remaining = 0;
      for (raft::NodeId id : conf.voters) {
        if (id == target) continue;
        ++remaining;
        if (started(id)) ++started_remaining;
      }
      if (started_remaining < remaining / 2 + 1) return ClientError::kNotEnoughStarted;
      // A member that is down is not part of the active quorum: safe to remove.
      if (target != node_id_ && !connected_since(target, now())) return std::nullopt;
      if (connected < 2 + (conf.voters.size() - 1) / 2) return ClientError::kUnhealthy;
      return std::nullopt;
    }
    case MemberOp::kPromote: {
      if (!voter && !learner) return ClientError::kMemberNotFound;
      if (!learner) return ClientError::kNotLearner;
      const raft::Status status = node_->status();
      const auto self = status.progress.find(node_id_);
      const auto peer = status.progress.find(target);
      if (self == status.progress.end() || peer == status.progress.end()) {
        return ClientError::kLearnerNotReady;
      }
      const double leader_match = static_cast<double>(self->second.match);
      if (leader_match == 0 || static_cast<double>(peer->second.match) <
                                   leader_match * EtcdConfig::kLearnerReadyFraction) {
        return ClientError::kLearnerNotReady;
      }
      if (!config.strict_reconfig_check) return std::nullopt;
      // The learner counts as started: it caught up.
      if (!quorum_started_with_one_more(1)) return ClientError::kNotEnoughStarted;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void EtcdMember::after_conf_changes(const std::vector<raft::Entry>& entries) {
  for (const raft::Entry& entry : entries) {
    if (entry.type != raft::EntryType::kConfChange) continue;
    const std::optional<raft::ConfChange> change = raft::decode_conf_change(entry.data);
    if (!change) continue;
    if (change->type == raft::ConfChangeType::kRemove) {
      disk_state_->removed_members.insert(change->node_id);
    }
    publish(true);
    if (auto it = pending_conf_changes_.find(entry.data); it != pending_conf_changes_.end()) {
      cancel(it->second.timeout);
      if (it->second.request.op == MemberOp::kPromote) cluster_->promotions.inc();
      respond_member(it->second.request, ClientError::kOk);
      pending_conf_changes_.erase(it);
    }
    if (change->type == raft::ConfChangeType::kRemove && change->node_id == node_id_) {
      context().note(sim::TraceKind::kNote, kRemoved, entry.index);
      context().log().warn("{}: the member has been permanently removed from the cluster", name());
      stopped_ = true;
      context().exit();
      return;
    }
  }
}

void EtcdMember::respond_member(const MemberRequest& request, ClientError error) {
  reply(request.client, ClientResponse{request.request_id, error, {}});
}

void EtcdMember::narrate_note(const raft::Note& note) {
  spdlog::logger& log = context().log();
  const auto level =
      note.level == raft::NoteLevel::kInfo ? spdlog::level::info : spdlog::level::debug;
  if (!log.should_log(level)) return;
  log.log(level, "{}: {}", name(),
          raft::narrate(note, member_name, cluster_->config.tick_interval()));
}

void EtcdMember::narrate_restart() {
  spdlog::logger& log = context().log();
  if (!log.should_log(spdlog::level::info)) return;
  const raft::MemoryStorage& storage = disk_state_->storage;
  const raft::HardState& hard = storage.hard_state();
  log.info(
      "{}: restarted from its disk: term {}, voted for {}, log up to index {}, commit {}, "
      "snapshot at {}; it replays its log and catches up from the leader",
      name(), hard.term, member_name(hard.vote), storage.last_index(), hard.commit,
      storage.snapshot().metadata.index);
}

void EtcdMember::narrate_catch_up() {
  if (!narration_.catching_up || narration_.leader_commit == 0) return;
  if (!context().log().should_log(spdlog::level::info)) return;
  if (applied_ < narration_.leader_commit || soft_state_.leader == raft::kNoNode) return;
  narration_.catching_up = false;
  context().log().info(
      "{}: caught up with leader {}: applied up to index {} ({} entries since "
      "the restart)",
      name(), member_name(soft_state_.leader), applied_, applied_ - narration_.applied_at_restart);
}

void EtcdMember::narrate_commits(const std::vector<raft::Entry>& entries) {
  spdlog::logger& log = context().log();
  if (!log.should_log(spdlog::level::info)) return;
  narrate_catch_up();
  if (log.should_log(spdlog::level::debug)) {
    log.debug("{}: applied entries {} to {} (term {})", name(), entries.front().index,
              entries.back().index, entries.back().term);
  }
  if (soft_state_.role != raft::StateRole::kLeader) return;
  narration_.since_summary += entries.size();
  const raft::Entry& last = entries.back();
  if (last.term == term() && narration_.term_told != term()) {
    // The first entry of its own term (thesis 3.6.2): commits everything before it.
    narration_.term_told = term();
    narration_.last_summary = now();
    narration_.since_summary = 0;
    log.info(
        "{}: committed up to index {}, the first entry of its term {}: everything before "
        "it is committed too",
        name(), last.index, last.term);
    return;
  }
  if (now() - narration_.last_summary < kCommitSummaryInterval) return;
  log.info("{}: committed {} entries in the last {:.2f}s (up to index {})", name(),
           narration_.since_summary, sim::to_seconds(now() - narration_.last_summary), last.index);
  narration_.last_summary = now();
  narration_.since_summary = 0;
}

void EtcdMember::fatal(std::string_view why) {
  context().log().error("{}: {}: exiting", name(), why);
  stopped_ = true;
  context().exit();
}

}  // namespace kcsim::etcd
