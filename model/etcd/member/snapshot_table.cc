#include "model/etcd/member/snapshot_table.h"

#include <charconv>

namespace kcsim::etcd {
namespace {

constexpr std::string_view kPrefix = "snapshot-";

}  // namespace

std::string SnapshotTable::add(StoreSnapshotPtr snapshot) {
  // Forget the snapshots nobody holds any more, so the table stays small.
  std::erase_if(snapshots_, [](const auto& item) { return item.second.expired(); });
  const std::uint64_t id = next_id_++;
  snapshots_.emplace(id, snapshot);
  return std::string(kPrefix) + std::to_string(id);
}

StoreSnapshotPtr SnapshotTable::find(std::string_view data) const {
  if (!data.starts_with(kPrefix)) return nullptr;
  data.remove_prefix(kPrefix.size());
  std::uint64_t id = 0;
  const auto [end, error] = std::from_chars(data.data(), data.data() + data.size(), id);
  if (error != std::errc() || end != data.data() + data.size()) return nullptr;
  const auto it = snapshots_.find(id);
  return it == snapshots_.end() ? nullptr : it->second.lock();
}

}  // namespace kcsim::etcd
