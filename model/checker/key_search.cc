#include "model/checker/key_search.h"

#include <algorithm>
#include <cassert>
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

  // Removes a call and its return from the list; `unlift` puts them back. Lifts and
  // unlifts nest like a stack, which is what makes the splice exact (dancing links).
  void lift(std::int32_t call);
  void unlift(std::int32_t call);

 private:
  static std::size_t at(std::int32_t node) { return static_cast<std::size_t>(node); }
  std::vector<Node> nodes_;
};

EntryList::EntryList(const std::vector<TimedKeyOp>& ops) {
  struct Entry {
    sim::Time time;
    bool is_return;
    std::int32_t op;
  };
  assert(ops.size() < static_cast<std::size_t>(INT32_MAX / 2));  // node indices are int32
  std::vector<Entry> entries;
  entries.reserve(ops.size() * 2);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    assert(ops[i].call_time <= ops[i].return_time);
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
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (!entries[k].is_return) {
      nodes_[k + 1].match = return_node[static_cast<std::size_t>(entries[k].op)];
      assert(nodes_[k + 1].match > static_cast<std::int32_t>(k + 1));
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

struct CacheEntry {
  LinearizedSet linearized;
  KeyState state;
};

// The (linearized set, state) pairs reached so far.
class Cache {
 public:
  // Inserts the pair; false if it was already there.
  bool insert(const LinearizedSet& linearized, const KeyState& state) {
    const std::uint64_t key = linearized.hash() ^ (hash(state) * 0x9e3779b97f4a7c15ULL);
    std::vector<CacheEntry>& bucket = buckets_[key];
    for (const CacheEntry& entry : bucket) {
      if (entry.state == state && entry.linearized == linearized) return false;
    }
    bucket.push_back({linearized, state});
    ++entries_;
    bytes_ += sizeof(CacheEntry) + linearized.bytes();
    return true;
  }
  std::size_t entries() const { return entries_; }
  std::size_t bytes() const { return bytes_; }

 private:
  std::unordered_map<std::uint64_t, std::vector<CacheEntry>> buckets_;
  std::size_t entries_ = 0;
  std::size_t bytes_ = 0;
};

struct Frame {
  std::int32_t call;
  KeyState state_before;
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

}  // namespace

SearchOutcome search_linearization(const std::vector<TimedKeyOp>& ops, const SearchLimits& limits) {
  SearchOutcome outcome;
  EntryList list(ops);
  LinearizedSet linearized(ops.size());
  Cache cache;
  std::vector<Frame> stack;
  stack.reserve(ops.size());
  LongestPrefix longest;
  KeyState state;
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
    assert(entry != kNone);
    const std::size_t op = list.op(entry);
    if (list.is_call(entry)) {
      const std::optional<KeyState> next = step(state, ops[op].op);
      if (next) {
        linearized.set(op);
        if (cache.insert(linearized, *next)) {
          stack.push_back({entry, state});
          state = *next;
          list.lift(entry);
          entry = list.first();
          continue;
        }
        linearized.clear(op);
      }
      entry = list.next(entry);
      continue;
    }
    // The return of an operation not yet linearized: the current prefix is a dead end.
    longest.offer(stack, list, state, op);
    if (stack.empty()) {
      outcome.verdict = Verdict::kIllegal;
      outcome.cache_entries = cache.entries();
      longest.fill(outcome);
      return outcome;
    }
    const Frame top = stack.back();
    stack.pop_back();
    longest.popped(stack.size());
    state = top.state_before;
    linearized.clear(list.op(top.call));
    list.unlift(top.call);
    entry = list.next(top.call);
  }
  assert(stack.size() == ops.size());
  outcome.verdict = Verdict::kOk;
  outcome.cache_entries = cache.entries();
  outcome.linearization.reserve(stack.size());
  for (const Frame& frame : stack)
    outcome.linearization.push_back(list.op(frame.call));
  outcome.state_after = state;
  return outcome;
}

}  // namespace kcsim::checker
