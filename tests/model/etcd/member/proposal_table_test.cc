// A proposal lives as long as an entry that carries it, and no longer: the table keeps
// nothing, so a long run's proposals do not accumulate.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "model/etcd/member/proposal_table.h"
#include "model/etcd/raft/memory_storage.h"

namespace kcsim::etcd {
namespace {

TEST(ProposalTable, AnEntryCarriesItsProposalWithItsSize) {
  ProposalTable table;
  const auto proposal = table.add(mvcc::PutRequest{"/k", mvcc::make_value("v")}, 300);
  const raft::Entry entry{
      .term = 1, .index = 1, .data = ProposalTable::entry_data(proposal->id), .payload = proposal};
  ASSERT_EQ(ProposalTable::find(entry), proposal.get());
  EXPECT_EQ(ProposalTable::entry_bytes(entry), 300u);
  const raft::Entry empty{.term = 2, .index = 2};
  EXPECT_EQ(ProposalTable::find(empty), nullptr);
}

TEST(ProposalTable, AProposalIsFreedWhenTheLastEntryCarryingItIsCompacted) {
  ProposalTable table;
  raft::MemoryStorage storage;
  std::vector<std::weak_ptr<const Proposal>> watched;
  std::vector<raft::Entry> entries;
  for (raft::Index i = 1; i <= 10; ++i) {
    auto proposal = table.add(mvcc::PutRequest{"/k", mvcc::make_value("v")}, 64);
    watched.push_back(proposal);
    entries.push_back(raft::Entry{.term = 1,
                                  .index = i,
                                  .data = ProposalTable::entry_data(proposal->id),
                                  .payload = proposal});
  }
  storage.append(entries);
  entries.clear();
  for (const auto& w : watched)
    EXPECT_FALSE(w.expired());  // held by the log
  storage.set_hard_state(raft::HardState{.term = 1, .vote = raft::kNoNode, .commit = 10});
  ASSERT_FALSE(storage.create_snapshot(6, raft::ConfState{.voters = {1}}, "s").has_value());
  ASSERT_FALSE(storage.compact(6).has_value());
  // Entries up to 6 are in the snapshot (the log keeps only entry 6's term): their
  // proposals are gone; 7..10 are still in the log.
  for (std::size_t i = 0; i < watched.size(); ++i)
    EXPECT_EQ(watched[i].expired(), i + 1 <= 6) << "proposal of entry " << i + 1;
}

}  // namespace
}  // namespace kcsim::etcd
