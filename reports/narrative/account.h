// Account: the short explanation `kcsim explain` ends with: each leaderless period, what
// began it and how it ended ("no leader from 5.000s to 6.345s: etcd-0 crashed; the
// followers' election timeouts were 1.2s (etcd-1), 1.8s (etcd-2); etcd-1's ran out
// first, after 1.2s without a heartbeat; etcd-1 won term 3 with 2 of 3 votes after 1
// campaign"), then each check with its verdict and why.
//
// Contract:
//  - Built from the story's lines only (debug level or finer for the timeouts drawn), by
//    the phrases the narration writes (model/etcd/raft/narration.cc, the etcd member,
//    the timeline driver); docs/teaching.md lists them. A phrase it does not find leaves
//    its part out ("timeouts unknown") rather than guessing.
//  - A leaderless period starts at what ended the last leader's office (its crash, a
//    partition cutting it off, its step-down, a higher term) or, when none is told, at
//    the first election timeout; it ends when a member wins an election.
#pragma once

#include <string>
#include <vector>

#include "model/scenario/check_monitor.h"
#include "reports/narrative/story.h"

namespace kcsim::reports {

// One paragraph per leaderless period, in time order.
std::vector<std::string> leader_account(const Story& story);

// One line per check: "PASS a leader by 4.1s: etcd.has_leader held at 1.234s".
std::vector<std::string> check_account(const std::vector<scenario::CheckResult>& checks);

}  // namespace kcsim::reports
