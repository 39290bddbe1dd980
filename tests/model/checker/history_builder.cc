#include "tests/model/checker/history_builder.h"

#include <algorithm>
#include <map>
#include <utility>

namespace kcsim::checker::testing {

HistoryBuilder& HistoryBuilder::add(Operation operation) {
  history_.push_back(std::move(operation));
  return *this;
}

HistoryBuilder& HistoryBuilder::put(std::int64_t client, sim::Time call, sim::Time ret,
                                    std::string key, std::string value) {
  return add({client, call, ret, KvInput::put(std::move(key), std::move(value)), KvOutput::ok()});
}

HistoryBuilder& HistoryBuilder::put_rev(std::int64_t client, sim::Time call, sim::Time ret,
                                        std::string key, std::string value, Revision revision) {
  return add({client, call, ret, KvInput::put(std::move(key), std::move(value)),
              KvOutput::written(revision)});
}

HistoryBuilder& HistoryBuilder::get(std::int64_t client, sim::Time call, sim::Time ret,
                                    std::string key, std::optional<std::string> value) {
  return add({client, call, ret, KvInput::get(std::move(key)),
              value ? KvOutput::found_value(*value) : KvOutput::not_found()});
}

HistoryBuilder& HistoryBuilder::get_rev(std::int64_t client, sim::Time call, sim::Time ret,
                                        std::string key, std::string value, Revision mod_revision) {
  return add({client, call, ret, KvInput::get(std::move(key)),
              KvOutput::found_value(std::move(value), mod_revision)});
}

HistoryBuilder& HistoryBuilder::remove(std::int64_t client, sim::Time call, sim::Time ret,
                                       std::string key) {
  return add({client, call, ret, KvInput::remove(std::move(key)), KvOutput::ok()});
}

HistoryBuilder& HistoryBuilder::cas(std::int64_t client, sim::Time call, sim::Time ret,
                                    KvInput input, bool succeeded) {
  return add({client, call, ret, std::move(input), KvOutput::cas(succeeded)});
}

HistoryBuilder& HistoryBuilder::pending(std::int64_t client, sim::Time call, KvInput input) {
  return add({client, call, sim::kTimeNever, std::move(input), KvOutput{}});
}

namespace {

// Some operation ordered after another returned before that one was called. Linear: it
// keeps the latest call among the operations ordered so far.
std::optional<std::string> real_time_error(const History& history,
                                           const std::vector<std::size_t>& order) {
  std::optional<std::size_t> latest_call;
  for (std::size_t index : order) {
    if (latest_call && history[index].return_time < history[*latest_call].call_time) {
      return "#" + std::to_string(index) + " returned before #" + std::to_string(*latest_call) +
             " was called but is ordered after it";
    }
    if (!latest_call || history[index].call_time > history[*latest_call].call_time) {
      latest_call = index;
    }
  }
  return std::nullopt;
}

// Every operation on the key must be in `order`, except pending reads and, when
// `complete` is false, operations that may follow all of `order` in real time.
std::optional<std::string> coverage_error(const History& history, const std::string& key,
                                          const std::vector<std::size_t>& order, bool complete) {
  std::vector<int> seen(history.size(), 0);
  for (std::size_t index : order) {
    if (index >= history.size()) return "index out of range";
    if (history[index].input.key != key) return "#" + std::to_string(index) + " is another key's";
    if (++seen[index] > 1) return "#" + std::to_string(index) + " appears twice";
  }
  sim::Time latest_call = -1;
  for (std::size_t index : order)
    latest_call = std::max(latest_call, history[index].call_time);
  for (std::size_t i = 0; i < history.size(); ++i) {
    const bool droppable = (history[i].pending() && history[i].input.kind == OpKind::kGet) ||
                           (!complete && history[i].return_time >= latest_call);
    if (history[i].input.key == key && seen[i] == 0 && !droppable)
      return "#" + std::to_string(i) + " is missing";
  }
  return std::nullopt;
}

}  // namespace

namespace {

std::optional<std::string> order_error(const History& history, const std::string& key,
                                       const std::vector<std::size_t>& order, bool complete) {
  for (const Operation& operation : history) {
    if (operation.input.kind == OpKind::kCompareAndSet &&
        operation.input.compare == CompareTarget::kModRevision) {
      return std::nullopt;
    }
  }
  if (auto error = coverage_error(history, key, order, complete)) return error;
  if (auto error = real_time_error(history, order)) return error;
  std::map<std::string, std::string> store;
  for (std::size_t index : order) {
    const Operation& op = history[index];
    const std::string& op_key = op.input.key;
    const auto it = store.find(op_key);
    const bool exists = it != store.end();
    const std::string where = "#" + std::to_string(index) + ": ";
    switch (op.input.kind) {
      case OpKind::kGet:
        if (op.pending()) break;
        if (op.output.found != exists) return where + "found mismatch";
        if (exists && it->second != op.output.value) return where + "value mismatch";
        break;
      case OpKind::kPut:
        store[op_key] = op.input.value;
        break;
      case OpKind::kDelete:
        if (!op.pending() && op.output.deleted && *op.output.deleted != exists) {
          return where + "deleted mismatch";
        }
        store.erase(op_key);
        break;
      case OpKind::kCompareAndSet: {
        const bool holds = op.input.compare == CompareTarget::kAbsent
                               ? !exists
                               : exists && it->second == op.input.expected_value;
        if (!op.pending() && op.output.succeeded != holds) return where + "cas outcome mismatch";
        if (holds) store[op_key] = op.input.value;
        break;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> witness_error(const History& history, const std::string& key,
                                         const std::vector<std::size_t>& order) {
  return order_error(history, key, order, true);
}

std::optional<std::string> prefix_error(const History& history, const std::string& key,
                                        const std::vector<std::size_t>& order) {
  return order_error(history, key, order, false);
}

namespace {

struct Entry {
  std::string value;
  Revision mod_revision = 0;
};

class Generator {
 public:
  Generator(sim::Rng& rng, const GeneratorOptions& options) : rng_(rng), options_(options) {
    for (std::size_t c = 0; c < options.clients; ++c) {
      client_ids_.push_back(static_cast<std::int64_t>(c));
      free_at_.push_back(-1);
    }
    next_client_id_ = static_cast<std::int64_t>(options.clients);
  }

  History run() {
    sim::Time now = 0;
    for (std::size_t i = 0; i < options_.operations; ++i) {
      now += 1 + static_cast<sim::Time>(rng_.below(static_cast<std::uint64_t>(options_.max_gap)));
      const std::size_t client = pick_client(now);
      history_.push_back(make_operation(client, now));
    }
    return std::move(history_);
  }

 private:
  sim::Time draw_half_width() {
    return static_cast<sim::Time>(
        rng_.below(static_cast<std::uint64_t>(options_.max_half_width) + 1));
  }

  // A client that is idle at `now`; advances `now` when every client is busy.
  std::size_t pick_client(sim::Time& now) {
    const std::size_t first = static_cast<std::size_t>(rng_.below(options_.clients));
    for (std::size_t k = 0; k < options_.clients; ++k) {
      const std::size_t c = (first + k) % options_.clients;
      if (free_at_[c] < now) return c;
    }
    std::size_t earliest = 0;
    for (std::size_t c = 1; c < options_.clients; ++c) {
      if (free_at_[c] < free_at_[earliest]) earliest = c;
    }
    now = free_at_[earliest] + 1;
    return earliest;
  }

  KvInput make_input() {
    const std::string key = "k" + std::to_string(rng_.below(options_.keys));
    const std::uint64_t roll = rng_.below(100);
    if (roll < 40) return KvInput::get(key);
    const std::string value = "v" + std::to_string(++value_counter_);
    if (roll < 70) return KvInput::put(key, value);
    if (roll < 80) return KvInput::remove(key);
    const auto it = store_.find(key);
    const std::uint64_t kind = rng_.below(options_.use_mod_revision_cas ? 3 : 2);
    if (kind == 0) {
      std::string expected = "v" + std::to_string(rng_.below(value_counter_ + 1));
      if (it != store_.end() && rng_.chance(0.5)) expected = it->second.value;
      return KvInput::cas_value(key, expected, value);
    }
    if (kind == 1) return KvInput::cas_absent(key, value);
    Revision expected = it == store_.end() ? 0 : it->second.mod_revision;
    if (rng_.chance(0.4)) expected = static_cast<Revision>(rng_.below(revision_ + 2));
    return KvInput::cas_mod_revision(key, expected, value);
  }

  // Applies the input to the store and returns what a client would be told.
  KvOutput apply(const KvInput& input) {
    const auto it = store_.find(input.key);
    const bool exists = it != store_.end();
    KvOutput output;
    switch (input.kind) {
      case OpKind::kGet:
        output.found = exists;
        if (exists) {
          output.value = it->second.value;
          output.revision = it->second.mod_revision;
        }
        break;
      case OpKind::kPut:
        store_[input.key] = {input.value, ++revision_};
        output.revision = revision_;
        break;
      case OpKind::kDelete:
        output.deleted = exists;
        if (exists) {
          store_.erase(it);
          output.revision = ++revision_;
        }
        break;
      case OpKind::kCompareAndSet: {
        bool holds = !exists;
        if (input.compare == CompareTarget::kValue)
          holds = exists && it->second.value == input.expected_value;
        if (input.compare == CompareTarget::kModRevision) {
          holds = (exists ? it->second.mod_revision : 0) == input.expected_mod_revision;
        }
        output.succeeded = holds;
        if (holds) {
          store_[input.key] = {input.value, ++revision_};
          output.revision = revision_;
        }
        break;
      }
    }
    if (!options_.record_revisions) {
      output.revision.reset();
      output.deleted.reset();
    }
    return output;
  }

  Operation make_operation(std::size_t client, sim::Time now) {
    Operation op;
    op.client_id = client_ids_[client];
    op.call_time = std::max({sim::Time{0}, free_at_[client] + 1, now - draw_half_width()});
    op.input = make_input();
    if (rng_.chance(options_.pending_probability)) {
      if (rng_.chance(0.5)) apply(op.input);  // it took effect, but nobody heard
      op.return_time = sim::kTimeNever;
      client_ids_[client] = next_client_id_++;  // the client is gone; a new one takes over
      free_at_[client] = op.call_time;
      return op;
    }
    op.output = apply(op.input);
    op.return_time = now + draw_half_width();
    free_at_[client] = op.return_time;
    return op;
  }

  sim::Rng& rng_;
  GeneratorOptions options_;
  History history_;
  std::map<std::string, Entry> store_;
  Revision revision_ = 1;  // etcd's store starts at revision 1
  std::uint64_t value_counter_ = 0;
  std::vector<std::int64_t> client_ids_;
  std::vector<sim::Time> free_at_;
  std::int64_t next_client_id_ = 0;
};

}  // namespace

History generate_history(sim::Rng& rng, const GeneratorOptions& options) {
  return Generator(rng, options).run();
}

}  // namespace kcsim::checker::testing
