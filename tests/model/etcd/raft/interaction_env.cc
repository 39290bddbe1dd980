#include "tests/model/etcd/raft/interaction_env.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "model/etcd/raft/describe.h"
#include "sim/invariant.h"
#include "sim/random.h"

namespace kcsim::etcd::raft::testing {

namespace {

std::optional<std::vector<NodeId>> parse_ids(const std::string& text) {
  std::string body = text;
  if (body.size() >= 2 && body.front() == '(' && body.back() == ')') {
    body = body.substr(1, body.size() - 2);
  }
  std::vector<NodeId> ids;
  std::stringstream stream(body);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item.empty()) continue;
    try {
      ids.push_back(std::stoull(item));
    } catch (...) {
      return std::nullopt;
    }
  }
  return ids;
}

std::optional<std::uint64_t> parse_number(const std::string& text) {
  try {
    std::size_t used = 0;
    const std::uint64_t value = std::stoull(text, &used);
    if (used != text.size()) return std::nullopt;
    return value;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<Command> parse_command(const std::string& line) {
  std::stringstream stream(line);
  Command command;
  command.text = line;
  if (!(stream >> command.name)) return std::nullopt;
  std::string token;
  while (stream >> token) {
    const std::size_t eq = token.find('=');
    if (eq == std::string::npos) {
      command.args.push_back(token);
    } else {
      command.options[token.substr(0, eq)] = token.substr(eq + 1);
    }
  }
  return command;
}

void InteractionEnv::print(const std::string& line) {
  if (!quiet_) output_ += line + "\n";
}

std::string InteractionEnv::take_output() {
  std::string out = std::move(output_);
  output_.clear();
  return out;
}

LogSink InteractionEnv::sink_for(NodeId /*id*/) {
  return [this](std::string_view line) {
    if (!quiet_) output_ += indent_ + "INFO " + std::string(line) + "\n";
  };
}

bool InteractionEnv::is_up(NodeId id) const {
  auto it = nodes_.find(id);
  return it != nodes_.end() && it->second.raft != nullptr;
}

RaftNode* InteractionEnv::node(NodeId id) {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : it->second.raft.get();
}

void InteractionEnv::add_node(Config config) {
  const NodeId id = config.id;
  KCSIM_ASSERT(!nodes_.contains(id));
  NodeState state;
  state.config = std::move(config);
  state.storage = std::make_unique<MemoryStorage>();
  state.raft = std::make_unique<RaftNode>(state.config, *state.storage,
                                          sim::Rng::stream(seed_, fmt::format("raft-{}-0", id)),
                                          sink_for(id));
  nodes_.emplace(id, std::move(state));
  ids_.push_back(id);
  std::sort(ids_.begin(), ids_.end());
}

void InteractionEnv::send(std::vector<Message> messages) {
  for (Message& m : messages)
    network_.push_back(std::move(m));
}

void InteractionEnv::print_ready(NodeId id, const Ready& ready) {
  if (quiet_) return;
  output_ += fmt::format("> {} handling Ready\n", id);
  output_ += describe(ready, "  ");
}

bool InteractionEnv::has_pending_ready(NodeId id) const {
  auto it = nodes_.find(id);
  return it != nodes_.end() && it->second.pending.has_value();
}

void InteractionEnv::take_ready(NodeId id) {
  NodeState& state = nodes_.at(id);
  KCSIM_ASSERT(state.raft);
  KCSIM_ASSERT(!state.pending);
  Ready ready = state.raft->ready();
  print_ready(id, ready);
  send(std::move(ready.messages));
  ready.messages.clear();
  state.pending = std::move(ready);
}

void InteractionEnv::persist_ready(NodeId id) {
  NodeState& state = nodes_.at(id);
  KCSIM_ASSERT(state.raft);
  KCSIM_ASSERT(state.pending);
  Ready ready = std::move(*state.pending);
  state.pending.reset();
  // The disk write, in the contract's order.
  if (ready.snapshot) {
    const std::optional<StorageError> error = state.storage->apply_snapshot(*ready.snapshot);
    KCSIM_ASSERT_MSG(!error.has_value(), "a Ready's snapshot is newer than the stored one");
  }
  if (ready.hard_state) state.storage->set_hard_state(*ready.hard_state);
  state.storage->append(ready.entries);
  // Durable: the promises may leave, the state machine may apply.
  send(std::move(ready.messages_after_persist));
  if (ready.snapshot) {
    checker_.observe_snapshot_applied(id, ready.snapshot->metadata.index,
                                      ready.snapshot->metadata.term);
  }
  for (const Entry& entry : ready.committed_entries)
    checker_.observe_applied(id, entry);
  const std::string saved_indent = indent_;
  indent_ = "  ";
  state.raft->advance();
  indent_ = saved_indent;
}

void InteractionEnv::process_ready(NodeId id) {
  const std::string saved_indent = indent_;
  indent_ = "  ";
  take_ready(id);
  persist_ready(id);
  indent_ = saved_indent;
}

void InteractionEnv::crash(NodeId id) {
  NodeState& state = nodes_.at(id);
  state.raft.reset();
  state.pending.reset();  // an unpersisted Ready is lost with the process
}

void InteractionEnv::restart(NodeId id) {
  NodeState& state = nodes_.at(id);
  KCSIM_ASSERT(!state.raft);
  ++incarnation_;
  state.raft = std::make_unique<RaftNode>(
      state.config, *state.storage,
      sim::Rng::stream(seed_, fmt::format("raft-{}-{}", id, incarnation_)), sink_for(id));
  // The state machine is rebuilt from the snapshot, then the log is replayed.
  checker_.observe_restart(id, state.raft->raft().log().applied());
}

void InteractionEnv::tick(NodeId id, int ticks) {
  RaftNode* raft = node(id);
  if (raft == nullptr) return;
  for (int i = 0; i < ticks; ++i)
    raft->tick();
}

void InteractionEnv::tick_election(NodeId id) {
  RaftNode* raft = node(id);
  if (raft == nullptr) return;
  const Raft& core = raft->raft();
  const int target = core.role() == StateRole::kLeader ? nodes_.at(id).config.election_tick
                                                       : core.randomized_election_timeout_ticks();
  tick(id, std::max(1, target - core.election_elapsed_ticks()));
}

bool InteractionEnv::linked(NodeId from, NodeId to) const {
  return !cut_links_.contains({from, to});
}

void InteractionEnv::cut(NodeId a, NodeId b) {
  cut_links_.insert({a, b});
  cut_links_.insert({b, a});
}

void InteractionEnv::drop_at(std::size_t position) {
  network_.erase(network_.begin() + static_cast<std::ptrdiff_t>(position));
}

void InteractionEnv::deliver_at(std::size_t position) {
  Message m = std::move(network_[position]);
  drop_at(position);
  deliver(m);
}

void InteractionEnv::deliver_all_to(NodeId id) {
  std::vector<Message> mine;
  std::vector<Message> rest;
  for (Message& m : network_)
    (m.to == id ? mine : rest).push_back(std::move(m));
  network_ = std::move(rest);
  for (const Message& m : mine)
    deliver(m);
}

void InteractionEnv::deliver(const Message& m) {
  if (!linked(m.from, m.to)) {
    if (!quiet_) print(fmt::format("  {} (dropped: link cut)", describe(m)));
    return;
  }
  RaftNode* raft = node(m.to);
  if (raft == nullptr) {
    if (!quiet_) print(fmt::format("  {} (dropped: node down)", describe(m)));
    return;
  }
  if (!quiet_) print("  " + describe(m));
  const std::string saved_indent = indent_;
  indent_ = "  ";
  const StepResult result = raft->step(m);
  indent_ = saved_indent;
  if (result != StepResult::kOk) print(fmt::format("  error: {}", to_string(result)));
}

bool InteractionEnv::stabilize(int max_rounds) {
  for (int round = 0; round < max_rounds; ++round) {
    bool done = true;
    for (NodeId id : ids_) {
      RaftNode* raft = node(id);
      if (raft == nullptr || !raft->has_ready()) continue;
      done = false;
      process_ready(id);
    }
    for (NodeId id : ids_) {
      const bool any = std::any_of(network_.begin(), network_.end(),
                                   [id](const Message& m) { return m.to == id; });
      if (!any) continue;
      done = false;
      print(fmt::format("> {} receiving messages", id));
      deliver_all_to(id);
    }
    if (done) return true;
  }
  return false;
}

void InteractionEnv::observe(bool check_logs) {
  std::map<NodeId, std::vector<Entry>> logs;
  for (NodeId id : ids_) {
    RaftNode* raft = node(id);
    if (raft == nullptr) continue;
    const Raft& core = raft->raft();
    const RaftLog& log = core.log();
    if (check_logs) logs[id] = log.all_entries();
    if (core.role() != StateRole::kLeader) continue;
    if (observed_leaders_.insert({core.term(), id}).second) {
      checker_.observe_leader(core.term(), id, log.first_index(), log.all_entries());
    }
    Index& seen = leader_commit_[core.term()];
    if (log.committed() > seen) {
      const Index from = std::max(seen + 1, log.first_index());
      if (from <= log.committed()) {
        std::optional<std::vector<Entry>> entries =
            log.slice(from, log.committed() + 1, UINT64_MAX);
        if (entries) checker_.observe_committed(core.term(), *entries);
      }
      seen = log.committed();
    }
  }
  if (check_logs) checker_.check_log_matching(logs);
}

std::string InteractionEnv::handle_add_nodes(const Command& command) {
  const std::optional<std::uint64_t> count =
      command.args.empty() ? std::nullopt : parse_number(command.args[0]);
  if (!count || *count == 0 || *count > 9) return "error: add-nodes N (1..9)\n";
  Config base;
  if (auto it = command.options.find("voters"); it != command.options.end()) {
    base.voters = parse_ids(it->second).value_or(std::vector<NodeId>{});
  }
  if (auto it = command.options.find("learners"); it != command.options.end()) {
    base.learners = parse_ids(it->second).value_or(std::vector<NodeId>{});
  }
  for (const auto& [key, value] : command.options) {
    if (key == "voters" || key == "learners") continue;
    const std::optional<std::uint64_t> number = parse_number(value);
    if (key == "prevote") {
      base.pre_vote = value == "true";
    } else if (key == "checkquorum") {
      base.check_quorum = value == "true";
    } else if (key == "read-only") {
      base.read_only_option =
          value == "lease" ? ReadOnlyOption::kLeaseBased : ReadOnlyOption::kSafe;
    } else if (key == "election" && number) {
      base.election_tick = static_cast<int>(*number);
    } else if (key == "election-min" && number) {
      base.election_tick_min = static_cast<int>(*number);
    } else if (key == "election-max" && number) {
      base.election_tick_max = static_cast<int>(*number);
    } else if (key == "heartbeat" && number) {
      base.heartbeat_tick = static_cast<int>(*number);
    } else if (key == "inflight" && number) {
      base.max_inflight_msgs = *number;
    } else if (key == "max-msg-size" && number) {
      base.max_size_per_msg_bytes = *number;
    } else {
      return fmt::format("error: unknown option {}={}\n", key, value);
    }
  }
  const NodeId first = ids_.empty() ? 1 : ids_.back() + 1;
  for (NodeId id = first; id < first + *count; ++id) {
    Config config = base;
    config.id = id;
    if (std::optional<std::string> error = config.validate()) return "error: " + *error + "\n";
    add_node(config);
    // Persist the bootstrap Ready (the formatted disk of a new member) quietly.
    if (node(id)->has_ready()) {
      const bool saved = quiet_;
      quiet_ = true;
      process_ready(id);
      quiet_ = saved;
    }
  }
  return take_output();
}

std::string InteractionEnv::handle_deliver(const Command& command) {
  std::set<NodeId> targets;
  for (const std::string& arg : command.args) {
    if (auto id = parse_number(arg)) targets.insert(*id);
  }
  if (auto it = command.options.find("drop"); it != command.options.end()) {
    const std::vector<NodeId> drop = parse_ids(it->second).value_or(std::vector<NodeId>{});
    for (std::size_t i = 0; i < network_.size();) {
      if (std::find(drop.begin(), drop.end(), network_[i].to) != drop.end()) {
        print(fmt::format("dropped: {}", describe(network_[i])));
        drop_at(i);
      } else {
        ++i;
      }
    }
  }
  for (NodeId id : ids_) {
    if (!targets.empty() && !targets.contains(id)) continue;
    if (command.options.contains("drop") && targets.empty()) break;
    const bool any = std::any_of(network_.begin(), network_.end(),
                                 [id](const Message& m) { return m.to == id; });
    if (!any) continue;
    print(fmt::format("> {} receiving messages", id));
    deliver_all_to(id);
  }
  return take_output();
}

std::string InteractionEnv::compact(NodeId id, Index index) {
  return handle_compact(id, index);
}

std::string InteractionEnv::handle_compact(NodeId id, Index index) {
  RaftNode* raft = node(id);
  if (raft == nullptr) return "error: node down\n";
  if (raft->raft().log().applied() < index) return "error: compact beyond applied index\n";
  MemoryStorage& storage = *nodes_.at(id).storage;
  if (auto error =
          storage.create_snapshot(index, raft->conf_state(), fmt::format("snap@{}", index))) {
    return "error: cannot create snapshot\n";
  }
  if (auto error = storage.compact(index)) return "error: cannot compact\n";
  return fmt::format("compacted {} to index {} (snapshot {})\n", id, index,
                     describe(storage.snapshot().metadata));
}

std::string InteractionEnv::handle(const Command& command) {
  const std::string& name = command.name;
  auto id_arg = [&](std::size_t i) -> std::optional<NodeId> {
    if (i >= command.args.size()) return std::nullopt;
    std::optional<std::uint64_t> id = parse_number(command.args[i]);
    if (!id || !nodes_.contains(*id)) return std::nullopt;
    return *id;
  };
  auto ids_or_all = [&]() {
    std::vector<NodeId> out;
    for (std::size_t i = 0; i < command.args.size(); ++i) {
      if (auto id = id_arg(i)) out.push_back(*id);
    }
    return out.empty() ? ids_ : out;
  };
  const std::size_t violations_before = checker_.violations().size();
  std::string out;
  if (name == "add-nodes") {
    out = handle_add_nodes(command);
  } else if (name == "stabilize") {
    if (!stabilize(100)) print("error: did not stabilize in 100 rounds");
    out = take_output();
  } else if (name == "deliver-msgs") {
    out = handle_deliver(command);
  } else if (name == "partition") {
    // partition (1,2) (3,4,5): cut every link between the groups.
    std::vector<std::vector<NodeId>> groups;
    for (const std::string& arg : command.args) {
      groups.push_back(parse_ids(arg).value_or(std::vector<NodeId>{}));
    }
    for (std::size_t a = 0; a < groups.size(); ++a) {
      for (std::size_t b = a + 1; b < groups.size(); ++b) {
        for (NodeId x : groups[a]) {
          for (NodeId y : groups[b])
            cut(x, y);
        }
      }
    }
    out = "ok\n";
  } else if (name == "heal") {
    heal();
    out = "ok\n";
  } else if (name == "raft-state") {
    for (NodeId id : ids_) {
      RaftNode* raft = node(id);
      if (raft == nullptr) {
        out += fmt::format("{}: down\n", id);
        continue;
      }
      const Raft& core = raft->raft();
      const bool voter = core.tracker().is_voter(id);
      out += fmt::format("{}: {} ({}) Term:{} Lead:{}\n", id, to_string(core.role()),
                         voter ? "Voter" : "Non-Voter", core.term(), core.leader());
    }
  } else if (name == "check-safety") {
    observe();
    if (checker_.ok()) out = "ok\n";
    for (const Violation& v : checker_.violations())
      out += v.property + ": " + v.detail + "\n";
  } else if (name == "transfer-leadership") {
    const auto from = parse_number(command.options.count("from") ? command.options.at("from") : "");
    const auto to = parse_number(command.options.count("to") ? command.options.at("to") : "");
    if (!from || !to || node(*from) == nullptr) return "error: transfer-leadership from=N to=M\n";
    node(*from)->transfer_leadership(*to);
    out = take_output();
  } else {
    const std::optional<NodeId> id = id_arg(0);
    if (!id) return fmt::format("error: {} needs a known node id\n", name);
    RaftNode* raft = node(*id);
    const bool needs_up = name != "restart" && name != "status";
    if (needs_up && raft == nullptr) return fmt::format("error: node {} is down\n", *id);
    if (name == "campaign") {
      raft->campaign();
    } else if (name == "tick-election") {
      tick_election(*id);
    } else if (name == "tick-heartbeat") {
      tick(*id, nodes_.at(*id).config.heartbeat_tick);
    } else if (name == "tick") {
      tick(*id, static_cast<int>(
                    parse_number(command.args.size() > 1 ? command.args[1] : "1").value_or(1)));
    } else if (name == "process-ready") {
      for (NodeId target : ids_or_all()) {
        if (node(target) == nullptr) continue;
        if (node(target)->has_ready()) {
          process_ready(target);
        } else {
          print(fmt::format("> {} has no Ready", target));
        }
      }
    } else if (name == "ready") {
      if (!raft->has_ready()) return fmt::format("> {} has no Ready\n", *id);
      indent_ = "  ";
      take_ready(*id);
      indent_.clear();
    } else if (name == "persist-ready") {
      if (!has_pending_ready(*id)) return "error: no Ready taken\n";
      print(fmt::format("> {} persisted Ready", *id));
      persist_ready(*id);
    } else if (name == "propose") {
      const std::string data = command.args.size() > 1 ? command.args[1] : "";
      const StepResult result = raft->propose(data);
      if (result != StepResult::kOk) print(fmt::format("error: {}", to_string(result)));
    } else if (name == "propose-conf-change") {
      std::optional<ConfChange> change;
      for (const auto& [key, value] : command.options) {
        change = decode_conf_change(key + " " + value);
      }
      if (!change) return "error: propose-conf-change N add-voter=M|add-learner=M|remove=M\n";
      const StepResult result = raft->propose_conf_change(*change);
      if (result != StepResult::kOk) print(fmt::format("error: {}", to_string(result)));
    } else if (name == "read-index") {
      raft->read_index(command.args.size() > 1 ? command.args[1] : "");
    } else if (name == "report-unreachable") {
      const std::optional<NodeId> peer = id_arg(1);
      if (!peer) return "error: report-unreachable N PEER\n";
      raft->report_unreachable(*peer);
    } else if (name == "crash") {
      crash(*id);
      print(fmt::format("{} crashed", *id));
    } else if (name == "restart") {
      if (raft != nullptr) return fmt::format("error: node {} is up\n", *id);
      restart(*id);
    } else if (name == "isolate") {
      for (NodeId other : ids_) {
        if (other != *id) cut(*id, other);
      }
      print(fmt::format("{} isolated", *id));
    } else if (name == "cut") {
      const std::optional<NodeId> other = id_arg(1);
      if (!other) return "error: cut A B\n";
      cut(*id, *other);
      print(fmt::format("cut {} <-> {}", *id, *other));
    } else if (name == "compact") {
      const auto index = parse_number(command.args.size() > 1 ? command.args[1] : "");
      if (!index) return "error: compact N INDEX\n";
      const std::string result = handle_compact(*id, *index);
      if (!quiet_) output_ += result;
    } else if (name == "status") {
      if (raft == nullptr) {
        print(fmt::format("{} is down", *id));
      } else {
        print(describe(raft->status()));
      }
    } else if (name == "raft-log") {
      const std::vector<Entry> entries = raft->raft().log().all_entries();
      if (entries.empty()) {
        print(fmt::format("log is empty: first index={}, last index={}",
                          raft->raft().log().first_index(), raft->raft().log().last_index()));
      }
      for (const Entry& entry : entries)
        print(describe(entry));
    } else {
      return fmt::format("error: unknown command {}\n", name);
    }
    out = take_output();
  }
  observe();
  for (std::size_t i = violations_before; i < checker_.violations().size(); ++i) {
    const Violation& v = checker_.violations()[i];
    out += "SAFETY VIOLATION " + v.property + ": " + v.detail + "\n";
  }
  return out.empty() ? "ok\n" : out;
}

}  // namespace kcsim::etcd::raft::testing
