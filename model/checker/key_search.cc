#include "model/checker/key_search.h"

#include "sim/invariant.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "model/checker/linearized_set.h"

namespace kcsim::checker {

namespace {

constexpr std::int32_t kNone = -1;
constexpr std::int32_t kHead = 0;

// One call or return in the list. Node 0 is the head sentinel.
struct Node {
  std::int32_t prev = kNone;
  std::int32_t next = kNone;
  std::int32_t match = kNone;  // a call: its return node; a return: kNone
  std::int32_t op = kNone;
};

class EntryList {
 public:
  explicit EntryList(const std::vector<TimedKeyOp>& ops);

  std::int32_t first() const { return nodes_[kHead].next; }
  std::int32_t next(std::int32_t node) const { return nodes_[at(node)].next; }
  bool is_call(std::int32_t node) const { return nodes_[at(node)].match != kNone; }
  std::size_t op(std::int32_t node) const { return static_cast<std::size_t>(nodes_[at(node)].op); }
  std::int32_t call_of(std::size_t op) const { return call_node_[op]; }
  // True if the call node (in the list) comes before every return still in the list:
  // its operation may be linearized now. Nodes are numbered in list order.
  bool before_first_return(std::int32_t call) const {
    std::int32_t node = first();
    while (node != kNone && is_call(node))
      node = next(node);
    return node == kNone || call < node;
  }

  // Removes a call and its return from the list; `unlift` puts them back. Lifts and
  // unlifts nest like a stack, which is what makes the splice exact (dancing links).
  void lift(std::int32_t call);
  void unlift(std::int32_t call);

 private:
  static std::size_t at(std::int32_t node) { return static_cast<std::size_t>(node); }
  std::vector<Node> nodes_;
  std::vector<std::int32_t> call_node_;  // by operation
};

EntryList::EntryList(const std::vector<TimedKeyOp>& ops) {
  struct Entry {
    sim::Time time;
    bool is_return;
    std::int32_t op;
  };
  KCSIM_ASSERT(ops.size() < static_cast<std::size_t>(INT32_MAX / 2));  // node indices are int32
  std::vector<Entry> entries;
  entries.reserve(ops.size() * 2);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    KCSIM_ASSERT(ops[i].call_time <= ops[i].return_time);
    const auto op = static_cast<std::int32_t>(i);
    entries.push_back({ops[i].call_time, false, op});
    entries.push_back({ops[i].return_time, true, op});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.is_return != b.is_return) return !a.is_return;
    return a.op < b.op;
  });
  nodes_.resize(entries.size() + 1);
  std::vector<std::int32_t> return_node(ops.size(), kNone);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const auto node = static_cast<std::int32_t>(k + 1);
    nodes_[k + 1].op = entries[k].op;
    nodes_[k + 1].prev = node - 1;
    nodes_[k].next = node;
    if (entries[k].is_return) return_node[static_cast<std::size_t>(entries[k].op)] = node;
  }
  call_node_.assign(ops.size(), kNone);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (!entries[k].is_return) {
      call_node_[static_cast<std::size_t>(entries[k].op)] = static_cast<std::int32_t>(k + 1);
      nodes_[k + 1].match = return_node[static_cast<std::size_t>(entries[k].op)];
      KCSIM_ASSERT(nodes_[k + 1].match > static_cast<std::int32_t>(k + 1));
    }
  }
}

void EntryList::lift(std::int32_t call) {
  Node& c = nodes_[at(call)];
  nodes_[at(c.prev)].next = c.next;
  nodes_[at(c.next)].prev = c.prev;  // a call is always followed, by its return at least
  Node& r = nodes_[at(c.match)];
  nodes_[at(r.prev)].next = r.next;
  if (r.next != kNone) nodes_[at(r.next)].prev = r.prev;
}

void EntryList::unlift(std::int32_t call) {
  Node& c = nodes_[at(call)];
  Node& r = nodes_[at(c.match)];
  nodes_[at(r.prev)].next = c.match;
  if (r.next != kNone) nodes_[at(r.next)].prev = c.match;
  nodes_[at(c.prev)].next = call;
  nodes_[at(c.next)].prev = call;
}

// The (linearized set, state) pairs reached so far, compactly: a set is stored as its
// prefix length and the few indices above it (linearized_set.h), not as a bitset of every
// operation, so an entry costs tens of bytes however long the key's history is. Lookups
// go through the 64-bit hash of (set, state) and compare in full only entries with that
// hash, so a hash collision costs time, never a wrong answer.
class Cache {
 public:
  // Inserts the pair; false if it was already there.
  bool insert(const LinearizedSet& linearized, const KeyState& state) {
    const std::uint64_t key = linearized.hash() ^ (hash(state) * 0x9e3779b97f4a7c15ULL);
    linearized.beyond_prefix(scratch_);
    if (entries_.size() * 2 >= slots_.size()) grow();
    std::size_t slot = find_slot(key);
    for (std::uint32_t e = slots_[slot]; e != kNoEntry; e = entries_[e].next) {
      if (matches(entries_[e], linearized.prefix(), state)) return false;
    }
    KCSIM_ASSERT(entries_.size() < kNoEntry);
    Entry entry;
    entry.hash = key;
    entry.state = state;
    entry.prefix = static_cast<std::uint32_t>(linearized.prefix());
    entry.beyond_begin = beyond_.size();
    entry.beyond_count = static_cast<std::uint32_t>(scratch_.size());
    entry.next = slots_[slot];
    beyond_.insert(beyond_.end(), scratch_.begin(), scratch_.end());
    slots_[slot] = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(entry);
    return true;
  }
  std::size_t entries() const { return entries_.size(); }
  std::size_t bytes() const {
    return entries_.capacity() * sizeof(Entry) + beyond_.capacity() * sizeof(std::uint32_t) +
           slots_.capacity() * sizeof(std::uint32_t);
  }

 private:
  static constexpr std::uint32_t kNoEntry = UINT32_MAX;
  struct Entry {
    std::uint64_t hash = 0;
    std::uint64_t beyond_begin = 0;  // into beyond_
    KeyState state;
    std::uint32_t prefix = 0;
    std::uint32_t beyond_count = 0;
    std::uint32_t next = kNoEntry;  // the next entry with the same hash
  };

  bool matches(const Entry& entry, std::size_t prefix, const KeyState& state) const {
    if (entry.prefix != prefix || entry.beyond_count != scratch_.size() || !(entry.state == state))
      return false;
    return std::equal(scratch_.begin(), scratch_.end(),
                      beyond_.begin() + static_cast<std::ptrdiff_t>(entry.beyond_begin));
  }

  // The slot holding the chain of `key`, or the empty slot where it goes (linear probing).
  std::size_t find_slot(std::uint64_t key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = static_cast<std::size_t>(key) & mask;
    while (slots_[slot] != kNoEntry && entries_[slots_[slot]].hash != key)
      slot = (slot + 1) & mask;
    return slot;
  }

  void grow() {
    std::vector<std::uint32_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, kNoEntry);
    for (std::uint32_t head : old) {
      if (head != kNoEntry) slots_[find_slot(entries_[head].hash)] = head;
    }
  }

  std::vector<Entry> entries_;
  std::vector<std::uint32_t> beyond_;
  std::vector<std::uint32_t> slots_;  // a power of two; chain heads, kNoEntry when empty
  std::vector<std::uint32_t> scratch_;
};

struct Frame {
  std::int32_t call;
  KeyState state_before;
  // The operation left the state as it was: taking it first loses no linearization, so
  // the alternatives to it need not be tried (see search_linearization).
  bool preserving;
  bool hinted;  // taken from the hint, out of list order
};

// The longest prefix seen, kept incrementally: only the part of the stack that changed
// since the last record is copied, so recording stays linear overall.
class LongestPrefix {
 public:
  void popped(std::size_t stack_size) { shared_ = std::min(shared_, stack_size); }
  void offer(const std::vector<Frame>& stack, const EntryList& list, const KeyState& state,
             std::size_t blocked) {
    if (recorded_ && stack.size() <= ops_.size()) return;
    ops_.resize(stack.size());
    for (std::size_t i = shared_; i < stack.size(); ++i)
      ops_[i] = list.op(stack[i].call);
    shared_ = stack.size();
    state_ = state;
    blocked_ = blocked;
    recorded_ = true;
  }
  void fill(SearchOutcome& outcome) const {
    outcome.linearization = ops_;
    outcome.state_after = state_;
    if (recorded_) outcome.blocked = blocked_;
  }

 private:
  bool recorded_ = false;
  std::vector<std::size_t> ops_;
  std::size_t shared_ = 0;
  KeyState state_;
  std::size_t blocked_ = 0;
};

// For each value of the key: the completed reads that saw it and are not yet linearized,
// and the operations not yet linearized that may write it. A value the state leaves while
// some read of it is owed and nothing can write it again strands that read: no order
// from there places it, so the search need not go there.
class ValueDemand {
 public:
  explicit ValueDemand(const std::vector<TimedKeyOp>& ops) {
    ValueId largest = kAbsentValue;
    for (const TimedKeyOp& op : ops)
      largest = std::max({largest, op.op.written, op.op.read, op.op.expected});
    reads_.assign(static_cast<std::size_t>(largest + 1), 0);
    writers_.assign(static_cast<std::size_t>(largest + 1), 0);
    for (const TimedKeyOp& op : ops)
      adjust(op.op, +1);
  }
  void linearized(const KeyOp& op) { adjust(op, -1); }
  void unlinearized(const KeyOp& op) { adjust(op, +1); }
  bool strands(ValueId value) const {
    if (value == kAbsentValue) return false;
    const auto at = static_cast<std::size_t>(value);
    return reads_[at] > 0 && writers_[at] == 0;
  }

 private:
  void adjust(const KeyOp& op, std::int32_t delta) {
    if (op.kind == OpKind::kGet && !op.pending && op.found) {
      reads_[static_cast<std::size_t>(op.read)] += delta;
    }
    const bool may_write = op.kind == OpKind::kPut ||
                           (op.kind == OpKind::kCompareAndSet && (op.pending || op.succeeded));
    if (may_write) writers_[static_cast<std::size_t>(op.written)] += delta;
  }

  std::vector<std::int32_t> reads_;
  std::vector<std::int32_t> writers_;
};

// Each operation's rank in return order (return time, then call time, then index): the
// numbering of the linearized set, which keeps the sets the search reaches near a prefix.
std::vector<std::uint32_t> return_ranks(const std::vector<TimedKeyOp>& ops) {
  std::vector<std::uint32_t> order(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i)
    order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&ops](std::uint32_t a, std::uint32_t b) {
    if (ops[a].return_time != ops[b].return_time) return ops[a].return_time < ops[b].return_time;
    if (ops[a].call_time != ops[b].call_time) return ops[a].call_time < ops[b].call_time;
    return a < b;
  });
  std::vector<std::uint32_t> rank(ops.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    rank[order[i]] = static_cast<std::uint32_t>(i);
  return rank;
}

}  // namespace

// Porcupine's checkSingle, with one pruning rule of its own. An operation that changes no
// state wherever it is legal (key_model.h's changes_nothing: a read that sees the current
// value, a failed CompareAndSet) can be taken first without loss: any linearization from
// here that places it later stays legal with it moved to the front (it changes no state
// there or here, and every operation still in the list was called before every return
// still in the list, so no real-time order is broken). It must change nothing wherever it
// is legal, not only here: a Delete of an absent key changes nothing here but would delete
// the key in a later state. So the node (set P, state s) succeeds iff (P + op, s) does,
// and when that fails, or is in the cache (reached before, hence failed), the search
// backtracks past the node instead of trying the other operations at it. And an operation
// that would move the state off a value that an owed read needs and nothing can write
// again is not tried (ValueDemand). Reads are half
// of a typical history; without the rule, a hot key with many concurrent clients makes
// the search try every order of every read that fits.
SearchOutcome search_linearization(const std::vector<TimedKeyOp>& ops, const SearchLimits& limits,
                                   const std::vector<std::size_t>& hint) {
  SearchOutcome outcome;
  EntryList list(ops);
  const std::vector<std::uint32_t> rank = return_ranks(ops);
  LinearizedSet linearized(ops.size());
  ValueDemand demand(ops);
  Cache cache;
  std::vector<Frame> stack;
  stack.reserve(ops.size());
  LongestPrefix longest;
  KeyState state;

  enum class Try : std::uint8_t { kPushed, kSkip, kNodeFails };
  // Tries to linearize the operation of `call` at the current node.
  auto try_call = [&](std::int32_t call, bool hinted) {
    const std::size_t op = list.op(call);
    const std::optional<KeyState> next = step(state, ops[op].op);
    if (!next) return Try::kSkip;
    if (limits.prune_stranded_reads && next->value != state.value && demand.strands(state.value)) {
      return Try::kSkip;
    }
    const bool preserving = changes_nothing(ops[op].op);
    KCSIM_ASSERT(!preserving || *next == state);
    linearized.set(rank[op]);
    if (cache.insert(linearized, *next)) {
      stack.push_back({call, state, preserving, hinted});
      demand.linearized(ops[op].op);
      state = *next;
      list.lift(call);
      return Try::kPushed;
    }
    linearized.clear(rank[op]);
    // (P + op, s) was reached before, so it failed; if op changes nothing, (P, s) fails.
    return preserving ? Try::kNodeFails : Try::kSkip;
  };

  std::size_t hinted_depth = 0;  // the leading frames that followed the hint
  bool fresh_node = true;        // just arrived at a node by linearizing an operation
  std::int32_t entry = list.first();
  while (list.first() != kNone) {
    if (outcome.steps >= limits.max_steps || cache.bytes() > limits.max_cache_bytes) {
      outcome.step_bound_hit = outcome.steps >= limits.max_steps;
      outcome.memory_bound_hit = !outcome.step_bound_hit;
      outcome.verdict = Verdict::kUnknown;
      outcome.cache_entries = cache.entries();
      longest.fill(outcome);
      return outcome;
    }
    ++outcome.steps;
    Try tried = Try::kSkip;
    const bool on_hint = fresh_node && stack.size() == hinted_depth && stack.size() < hint.size();
    fresh_node = false;
    if (on_hint && hint[stack.size()] < ops.size() &&
        !linearized.contains(rank[hint[stack.size()]]) &&
        list.before_first_return(list.call_of(hint[stack.size()]))) {
      // Try the hinted operation first; the walk from the head follows if it fails.
      tried = try_call(list.call_of(hint[stack.size()]), true);
      if (tried == Try::kPushed) {
        ++hinted_depth;
        fresh_node = true;
        entry = list.first();
        continue;
      }
      if (tried == Try::kSkip) continue;  // the walk from the head, at the next step
    } else {
      KCSIM_ASSERT(entry != kNone);
      if (list.is_call(entry)) {
        tried = try_call(entry, false);
        if (tried == Try::kPushed) {
          fresh_node = true;
          entry = list.first();
          continue;
        }
        if (tried == Try::kSkip) {
          entry = list.next(entry);
          continue;
        }
      } else {
        // The return of an operation not yet linearized: the current prefix is a dead end.
        longest.offer(stack, list, state, list.op(entry));
      }
    }
    // Backtrack: undo the last linearized operation, and the ones before it while they
    // changed nothing (their nodes have no alternative worth trying).
    bool resumed = false;
    while (!stack.empty()) {
      const Frame top = stack.back();
      stack.pop_back();
      longest.popped(stack.size());
      hinted_depth = std::min(hinted_depth, stack.size());
      state = top.state_before;
      linearized.clear(rank[list.op(top.call)]);
      demand.unlinearized(ops[list.op(top.call)].op);
      list.unlift(top.call);
      if (!top.preserving) {
        // A hinted operation was taken out of list order: walk the node from the head
        // (trying it again costs one cache hit).
        entry = top.hinted ? list.first() : list.next(top.call);
        resumed = true;
        break;
      }
    }
    if (!resumed) {
      outcome.verdict = Verdict::kIllegal;
      outcome.cache_entries = cache.entries();
      longest.fill(outcome);
      return outcome;
    }
  }
  KCSIM_ASSERT(stack.size() == ops.size());
  outcome.verdict = Verdict::kOk;
  outcome.cache_entries = cache.entries();
  outcome.linearization.reserve(stack.size());
  for (const Frame& frame : stack)
    outcome.linearization.push_back(list.op(frame.call));
  outcome.state_after = state;
  return outcome;
}

}  // namespace kcsim::checker
