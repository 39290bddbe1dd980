#include "model/etcd/member/proposal_table.h"

#include "sim/invariant.h"
#include "sim/overloaded.h"

namespace kcsim::etcd {
namespace {

constexpr std::uint64_t kFramingBytes = 32;  // protobuf header and request fields

}  // namespace

std::shared_ptr<const Proposal> ProposalTable::add(mvcc::Request request,
                                                   std::uint64_t size_bytes) {
  return std::make_shared<const Proposal>(Proposal{next_id_++, std::move(request), size_bytes});
}

const Proposal* ProposalTable::find(const raft::Entry& entry) {
  if (entry.type != raft::EntryType::kNormal || !entry.payload) return nullptr;
  const auto* proposal = static_cast<const Proposal*>(entry.payload.get());
  // Only the member's propose() sets a normal entry's payload, with the proposal's id
  // as the entry's data.
  KCSIM_ASSERT(entry.data == entry_data(proposal->id));
  return proposal;
}

std::uint64_t ProposalTable::entry_bytes(const raft::Entry& entry) {
  const Proposal* proposal = find(entry);
  return proposal != nullptr ? proposal->size_bytes : entry.data.size();
}

std::uint64_t request_size_bytes(const mvcc::Request& request) {
  return kFramingBytes + std::visit(sim::Overloaded{
                                        [](const mvcc::PutRequest& put) -> std::uint64_t {
                                          return put.key.size() + put.value.size();
                                        },
                                        [](const mvcc::RangeRequest& range) -> std::uint64_t {
                                          return range.range.key.size() +
                                                 range.range.range_end.size();
                                        },
                                        [](const mvcc::DeleteRangeRequest& del) -> std::uint64_t {
                                          return del.range.key.size() + del.range.range_end.size();
                                        },
                                        [](const auto&) -> std::uint64_t { return 64; },
                                    },
                                    request);
}

}  // namespace kcsim::etcd
