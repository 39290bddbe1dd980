#include "model/etcd/member/etcd_member.h"

#include <spdlog/logger.h>

#include <array>
#include <string>
#include <utility>

#include "sim/disk.h"
#include "sim/network.h"
#include "sim/overloaded.h"
#include "sim/simulation.h"

namespace kcsim::etcd {
namespace {

constexpr sim::Label kTick{"etcd.tick"};
constexpr sim::Label kRequestTimeout{"etcd.request_timeout"};
constexpr sim::Label kResponse{"etcd.response"};
constexpr sim::Label kLeaderElected{"etcd.leader_elected"};

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

constexpr std::uint64_t kMessageHeaderBytes = 64;

}  // namespace

EtcdMember::EtcdMember(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
                       raft::NodeId node_id)
    : Process(context), cluster_(std::move(cluster)), node_id_(node_id) {}

EtcdMember::~EtcdMember() = default;

void EtcdMember::on_crash() {
  // A crashed member no longer reports a leader.
  metrics().has_leader.set(0);
  metrics().is_leader.set(0);
  metrics().proposals_pending.set(0);
}

raft::Term EtcdMember::term() const {
  return node_ ? node_->raft().term() : 0;
}

void EtcdMember::start() {
  sim::Simulation& sim = simulation();
  sim::Disk& disk = sim.disk(id());
  disk_state_ = &disk.file<sim::DurableState<MemberDisk>>("member").state();
  const EtcdConfig& config = cluster_->config;

  raft::Config raft_config;
  raft_config.id = node_id_;
  raft_config.election_tick = config.election_ticks();
  raft_config.heartbeat_tick = 1;
  raft_config.pre_vote = config.pre_vote;
  raft_config.check_quorum = true;
  if (disk_state_->storage.is_empty()) {
    for (raft::NodeId n = 1; n <= cluster_->member_pids.size(); ++n)
      raft_config.voters.push_back(n);
  }
  node_ = std::make_unique<raft::RaftNode>(raft_config, disk_state_->storage,
                                           sim.rng(name() + "/raft"));
  cluster_->safety.observe_restart(node_id_, 0);
  after(config.heartbeat_interval, kTick, [this] { tick(); });
  process_ready();
}

void EtcdMember::tick() {
  node_->tick();
  process_ready();
  after(cluster_->config.heartbeat_interval, kTick, [this] { tick(); });
}

void EtcdMember::on_raft_message(raft::Message message) {
  node_->step(message);
  process_ready();
}

void EtcdMember::process_ready() {
  while (!persisting_ && node_->has_ready()) {
    raft::Ready ready = node_->ready();
    if (ready.soft_state) on_soft_state(*ready.soft_state);
    send_raft(ready.messages);
    if (!ready.must_sync) {
      finish_ready(ready);
      continue;
    }
    std::uint64_t bytes = 32;  // the hard state record
    for (const raft::Entry& e : ready.entries)
      bytes += cluster_->proposals.entry_bytes(e.data) + 16;
    sim::Disk& disk = simulation().disk(id());
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
  apply(ready.committed_entries);
  for (raft::ReadState& rs : ready.read_states) {
    auto it = pending_reads_.find(rs.request_ctx);
    if (it != pending_reads_.end()) it->second.read_index = rs.index;
  }
  node_->advance();
  serve_reads();
}

void EtcdMember::on_soft_state(const raft::SoftState& state) {
  const bool new_leader = state.leader != raft::kNoNode && state.leader != soft_state_.leader;
  if (new_leader) metrics().leader_changes.inc();
  metrics().has_leader.set(state.leader != raft::kNoNode ? 1 : 0);
  metrics().is_leader.set(state.role == raft::StateRole::kLeader ? 1 : 0);
  if (state.role == raft::StateRole::kLeader && soft_state_.role != raft::StateRole::kLeader) {
    cluster_->elections_won.inc();
    simulation().note(sim::TraceKind::kNote, kLeaderElected, id(), term());
    simulation().log().info("{} became leader at term {}", name(), term());
    const raft::MemoryStorage& storage = disk_state_->storage;
    auto log = storage.entries(storage.first_index(), storage.last_index() + 1, UINT64_MAX);
    if (const auto* entries = std::get_if<std::vector<raft::Entry>>(&log)) {
      cluster_->safety.observe_leader(term(), node_id_, storage.first_index(), *entries);
    }
  }
  soft_state_ = state;
}

void EtcdMember::apply(const std::vector<raft::Entry>& entries) {
  for (const raft::Entry& entry : entries) {
    applied_ = entry.index;
    cluster_->safety.observe_applied(node_id_, entry);
    if (entry.type != raft::EntryType::kNormal) continue;
    const auto proposal = cluster_->proposals.find(entry.data);
    if (!proposal) continue;  // a new leader's empty entry
    mvcc::ApplyResult result = store_.apply(entry.index, entry.term, proposal->request, now());
    auto it = pending_writes_.find(proposal->id);
    if (it == pending_writes_.end()) continue;
    cancel(it->second.timeout);
    respond(it->second.request, from_store_error(result.error), std::move(result.response));
    pending_writes_.erase(it);
  }
  metrics().proposals_applied.set(static_cast<double>(applied_));
  metrics().proposals_pending.set(static_cast<double>(pending_writes_.size()));
}

void EtcdMember::serve_reads() {
  for (auto it = pending_reads_.begin(); it != pending_reads_.end();) {
    PendingRead& read = it->second;
    if (read.read_index == 0 || read.read_index > applied_) {
      ++it;
      continue;
    }
    cancel(read.timeout);
    const auto& range = std::get<mvcc::RangeRequest>(read.request.request);
    mvcc::ReadResult result = store_.range(range);
    respond(read.request, from_store_error(result.error),
            mvcc::Response{std::move(result.response)});
    it = pending_reads_.erase(it);
  }
}

void EtcdMember::on_client_request(ClientRequest request) {
  if (soft_state_.leader == raft::kNoNode) {
    respond(request, ClientError::kNoLeader);
    return;
  }
  const sim::Time timeout = cluster_->config.request_timeout();
  if (std::holds_alternative<mvcc::RangeRequest>(request.request)) {
    std::string ctx = name() + "/" + std::to_string(next_read_++);
    PendingRead& read = pending_reads_[ctx];
    read.request = std::move(request);
    read.timeout = after(timeout, kRequestTimeout, [this, ctx] {
      auto it = pending_reads_.find(ctx);
      if (it == pending_reads_.end()) return;
      respond(it->second.request, ClientError::kTimeout);
      pending_reads_.erase(it);
    });
    node_->read_index(ctx);
    process_ready();
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
  const auto proposal = cluster_->proposals.add(request.request, size);
  if (node_->propose(ProposalTable::entry_data(proposal->id)) != raft::StepResult::kOk) {
    metrics().proposals_failed.inc();
    respond(request, ClientError::kNoLeader);
    return;
  }
  PendingWrite& write = pending_writes_[proposal->id];
  write.request = std::move(request);
  const std::uint64_t proposal_id = proposal->id;
  write.timeout = after(timeout, kRequestTimeout, [this, proposal_id] {
    auto it = pending_writes_.find(proposal_id);
    if (it == pending_writes_.end()) return;
    metrics().proposals_failed.inc();
    respond(it->second.request, ClientError::kTimeout);
    pending_writes_.erase(it);
  });
  metrics().proposals_pending.set(static_cast<double>(pending_writes_.size()));
  process_ready();
}

void EtcdMember::send_raft(std::vector<raft::Message>& messages) {
  sim::Simulation& sim = simulation();
  for (raft::Message& m : messages) {
    std::uint64_t bytes = kMessageHeaderBytes + m.context.size() + m.snapshot.data.size();
    for (const raft::Entry& e : m.entries)
      bytes += cluster_->proposals.entry_bytes(e.data) + 16;
    const sim::ProcessId to = cluster_->pid_of(m.to);
    const sim::Label& label = message_label(m.type);
    sim.network().send(id(), to, bytes, label, [&sim, to, m = std::move(m)]() mutable {
      if (auto* peer = dynamic_cast<EtcdMember*>(sim.process(to)))
        peer->on_raft_message(std::move(m));
    });
  }
  messages.clear();
}

void EtcdMember::respond(const ClientRequest& request, ClientError error, mvcc::Response response) {
  sim::Simulation& sim = simulation();
  const sim::ProcessId client = request.client;
  ClientResponse message{request.request_id, error, std::move(response)};
  sim.network().send(id(), client, 64, kResponse,
                     [&sim, client, message = std::move(message)]() mutable {
                       if (auto* target = sim.process(client)) {
                         if (auto* c = dynamic_cast<ClientResponseSink*>(target)) {
                           c->on_response(std::move(message));
                         }
                       }
                     });
}

void EtcdMember::fatal(std::string_view why) {
  simulation().log().error("{}: {}: exiting", name(), why);
  simulation().crash(id());
}

}  // namespace kcsim::etcd
