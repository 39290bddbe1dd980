#include "model/etcd/raft/safety_checker.h"

#include <fmt/format.h>

#include "model/etcd/raft/describe.h"

namespace kcsim::etcd::raft {

void SafetyChecker::report(std::string property, std::string detail) {
  if (violations_.size() >= kMaxViolations) return;
  violations_.push_back({std::move(property), std::move(detail)});
}

Entry SafetyChecker::identity(const Entry& entry) {
  return Entry{.term = entry.term, .index = entry.index, .type = entry.type, .data = entry.data};
}

bool SafetyChecker::same(const Entry& a, const Entry& b) {
  return a.term == b.term && a.index == b.index && a.type == b.type && a.data == b.data;
}

template <typename Map>
void SafetyChecker::forget_before_window(Map& records, Index newest) {
  if (newest <= kWindow) return;
  records.erase(records.begin(), records.lower_bound(newest - kWindow));
}

void SafetyChecker::observe_leader(Term term, NodeId leader, Index first_index,
                                   const std::vector<Entry>& log) {
  auto [it, inserted] = leaders_.emplace(term, leader);
  if (!inserted && it->second != leader) {
    report("election safety",
           fmt::format("term {} has two leaders: {} and {}", term, it->second, leader));
  }
  for (const auto& [index, committed] : committed_) {
    if (committed.commit_term >= term) continue;
    if (index < first_index) continue;  // in the leader's snapshot
    const std::size_t offset = index - first_index;
    if (offset >= log.size() || !same(log[offset], committed.entry)) {
      report("leader completeness",
             fmt::format("leader {} of term {} lacks {} committed in term {}", leader, term,
                         describe(committed.entry), committed.commit_term));
    }
  }
}

void SafetyChecker::observe_committed(Term term, const std::vector<Entry>& entries) {
  for (const Entry& entry : entries) {
    auto [it, inserted] = committed_.emplace(entry.index, Committed{identity(entry), term});
    if (!inserted && !same(it->second.entry, entry)) {
      report(
          "state machine safety",
          fmt::format("index {} committed as {} in term {} and as {} in term {}", entry.index,
                      describe(it->second.entry), it->second.commit_term, describe(entry), term));
    }
  }
  if (!entries.empty()) forget_before_window(committed_, entries.back().index);
}

void SafetyChecker::observe_applied(NodeId node, const Entry& entry) {
  Index& last = last_applied_[node];
  if (entry.index != last + 1) {
    report("state machine safety",
           fmt::format("node {} applied index {} after index {}", node, entry.index, last));
  }
  last = entry.index;
  auto [it, inserted] = applied_.emplace(entry.index, identity(entry));
  if (!inserted && !same(it->second, entry)) {
    report("state machine safety", fmt::format("node {} applied {} where another node applied {}",
                                               node, describe(entry), describe(it->second)));
  }
  forget_before_window(applied_, entry.index);
}

void SafetyChecker::observe_snapshot_applied(NodeId node, Index index, Term term) {
  Index& last = last_applied_[node];
  if (index < last) {
    report("state machine safety",
           fmt::format("node {} applied a snapshot at {} after applying {}", node, index, last));
  }
  last = index;
  auto it = applied_.find(index);
  if (it != applied_.end() && it->second.term != term) {
    report("state machine safety",
           fmt::format("node {} applied a snapshot at {}/{} where another node applied {}", node,
                       term, index, describe(it->second)));
  }
}

void SafetyChecker::observe_restart(NodeId node, Index applied_index) {
  last_applied_[node] = applied_index;
}

void SafetyChecker::check_log_matching(const std::map<NodeId, std::vector<Entry>>& logs) {
  // Index every entry by (index, term); any two logs that share a key must agree
  // on every earlier index they both hold. Equivalently: for each index held by
  // both, if the terms agree at some later common index they must agree here.
  for (auto a = logs.begin(); a != logs.end(); ++a) {
    for (auto b = std::next(a); b != logs.end(); ++b) {
      std::map<Index, const Entry*> of_a;
      for (const Entry& e : a->second)
        of_a[e.index] = &e;
      Index highest_match = 0;
      for (const Entry& e : b->second) {
        auto it = of_a.find(e.index);
        if (it != of_a.end() && it->second->term == e.term) highest_match = e.index;
      }
      for (const Entry& e : b->second) {
        if (e.index > highest_match) break;
        auto it = of_a.find(e.index);
        if (it != of_a.end() && *it->second != e) {
          report(
              "log matching",
              fmt::format("nodes {} and {} match at index {} but differ at {}: {} vs {}", a->first,
                          b->first, highest_match, e.index, describe(*it->second), describe(e)));
          break;
        }
      }
    }
  }
}

}  // namespace kcsim::etcd::raft
