#include "model/etcd/raft/read_only.h"

#include "sim/invariant.h"

namespace kcsim::etcd::raft {

void ReadOnly::add_request(Index index, const Message& request) {
  if (pending_.contains(request.context)) return;
  pending_.emplace(request.context,
                   ReadIndexStatus{.request = request, .index = index, .acks = {}});
  queue_.push_back(request.context);
}

const std::set<NodeId>* ReadOnly::recv_ack(NodeId id, const std::string& context) {
  auto it = pending_.find(context);
  if (it == pending_.end()) return nullptr;
  it->second.acks.insert(id);
  return &it->second.acks;
}

std::vector<ReadIndexStatus> ReadOnly::advance(const std::string& context) {
  std::size_t count = 0;
  bool found = false;
  for (const std::string& queued : queue_) {
    ++count;
    if (queued == context) {
      found = true;
      break;
    }
  }
  if (!found) return {};
  std::vector<ReadIndexStatus> done;
  for (std::size_t i = 0; i < count; ++i) {
    auto it = pending_.find(queue_.front());
    KCSIM_ASSERT(it != pending_.end());
    done.push_back(std::move(it->second));
    pending_.erase(it);
    queue_.pop_front();
  }
  return done;
}

std::string ReadOnly::last_pending_request_ctx() const {
  return queue_.empty() ? std::string() : queue_.back();
}

}  // namespace kcsim::etcd::raft
