#include "model/etcd/member/proposal_table.h"

#include <charconv>

#include "sim/overloaded.h"

namespace kcsim::etcd {
namespace {

constexpr std::uint64_t kFramingBytes = 32;  // protobuf header and request fields

}  // namespace

std::shared_ptr<const Proposal> ProposalTable::add(mvcc::Request request,
                                                   std::uint64_t size_bytes) {
  auto proposal =
      std::make_shared<const Proposal>(Proposal{next_id_, std::move(request), size_bytes});
  proposals_.emplace(next_id_++, proposal);
  return proposal;
}

std::shared_ptr<const Proposal> ProposalTable::find(std::string_view entry_data) const {
  std::uint64_t id = 0;
  const auto [end, error] =
      std::from_chars(entry_data.data(), entry_data.data() + entry_data.size(), id);
  if (error != std::errc() || end != entry_data.data() + entry_data.size()) return nullptr;
  const auto it = proposals_.find(id);
  return it == proposals_.end() ? nullptr : it->second;
}

std::uint64_t ProposalTable::entry_bytes(std::string_view entry_data) const {
  const auto proposal = find(entry_data);
  return proposal ? proposal->size_bytes : entry_data.size();
}

std::uint64_t request_size_bytes(const mvcc::Request& request) {
  return kFramingBytes +
         std::visit(sim::Overloaded{
                        [](const mvcc::PutRequest& put) -> std::uint64_t {
                          return put.key.size() + (put.value ? put.value->size() : 0);
                        },
                        [](const mvcc::RangeRequest& range) -> std::uint64_t {
                          return range.range.key.size() + range.range.range_end.size();
                        },
                        [](const mvcc::DeleteRangeRequest& del) -> std::uint64_t {
                          return del.range.key.size() + del.range.range_end.size();
                        },
                        [](const auto&) -> std::uint64_t { return 64; },
                    },
                    request);
}

}  // namespace kcsim::etcd
