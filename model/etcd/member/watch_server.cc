#include "model/etcd/member/watch_server.h"

#include <optional>
#include <utility>

#include "model/etcd/member/watch_message_size.h"

namespace kcsim::etcd {
namespace {

constexpr sim::Label kWatchResponse{"etcd.watch_response"};

}  // namespace

WatchServer::~WatchServer() = default;

void WatchServer::open(const WatchOpen& request, bool has_leader) {
  if (!member_.stream_open(request.stream)) return;  // the client gave up already
  Served served{request.client, mvcc::kInvalidWatchId, request.require_leader};
  streams_[request.stream] = served;
  const sim::StreamId stream = request.stream;
  member_.on_stream_closed(stream, [this, stream] { on_stream_closed(stream); });
  if (request.require_leader && !has_leader) {
    cancel(request.stream, ClientError::kNoLeader);
    return;
  }
  mvcc::WatchCreateResult result = store_.watch(request.request);
  if (result.error != mvcc::Error::kOk) {
    mvcc::WatchResponse notice =
        result.responses.empty() ? mvcc::WatchResponse{} : std::move(result.responses.front());
    cancel(request.stream, from_store_error(result.error), std::move(notice));
    return;
  }
  streams_[request.stream].watch_id = result.watch_id;
  stream_of_watch_[result.watch_id] = request.stream;
  update_gauge();
  WatchMessage created{request.stream, WatchMessage::Kind::kCreated, ClientError::kOk, {}};
  created.response.watch_id = result.watch_id;
  created.response.revision = store_.current_revision();
  send(request.client, std::move(created));
  deliver(std::move(result.responses));
}

void WatchServer::on_stream_closed(sim::StreamId stream) {
  auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  if (it->second.watch_id != mvcc::kInvalidWatchId) {
    store_.cancel_watch(it->second.watch_id);
    stream_of_watch_.erase(it->second.watch_id);
  }
  streams_.erase(it);
  update_gauge();
}

void WatchServer::ping(sim::ProcessId client, sim::StreamId stream) {
  send(client, WatchMessage{stream, WatchMessage::Kind::kPong, ClientError::kOk, {}});
}

void WatchServer::request_progress(sim::StreamId stream) {
  const auto it = streams_.find(stream);
  if (it == streams_.end() || it->second.watch_id == mvcc::kInvalidWatchId) return;
  std::optional<mvcc::WatchResponse> progress = store_.request_progress({it->second.watch_id});
  if (!progress) return;  // unsynced: dropped (watch.go ignores RequestProgressAll's false)
  metrics_.progress_notifications.inc();
  send(it->second.client,
       WatchMessage{stream, WatchMessage::Kind::kEvents, ClientError::kOk, std::move(*progress)});
}

void WatchServer::deliver(std::vector<mvcc::WatchResponse> responses) {
  for (mvcc::WatchResponse& response : responses) {
    auto it = stream_of_watch_.find(response.watch_id);
    if (it == stream_of_watch_.end()) continue;
    const sim::StreamId stream = it->second;
    if (response.canceled) {  // a compaction notice after a snapshot restore
      cancel(stream, ClientError::kCompacted, std::move(response));
      continue;
    }
    metrics_.events.add(static_cast<double>(response.events.size()));
    send(streams_.at(stream).client,
         WatchMessage{stream, WatchMessage::Kind::kEvents, ClientError::kOk, std::move(response)});
  }
}

void WatchServer::leader_check(bool has_leader) {
  no_leader_checks_ = has_leader ? 0 : no_leader_checks_ + 1;
  if (no_leader_checks_ < kNoLeaderChecksMax) return;
  std::vector<sim::StreamId> doomed;
  for (const auto& [stream, served] : streams_) {
    if (served.require_leader) doomed.push_back(stream);
  }
  for (sim::StreamId stream : doomed)
    cancel(stream, ClientError::kNoLeader);
}

void WatchServer::cancel(sim::StreamId stream, ClientError error, mvcc::WatchResponse response) {
  auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  const sim::ProcessId client = it->second.client;
  response.canceled = true;
  send(client, WatchMessage{stream, WatchMessage::Kind::kCanceled, error, std::move(response)});
  on_stream_closed(stream);
  member_.close_stream(stream);
}

void WatchServer::send(sim::ProcessId client, WatchMessage message) {
  const std::uint64_t bytes = watch_message_bytes(message);
  const sim::StreamId stream = message.stream;
  member_.send_on_stream(stream, kWatchMessagePort, client, bytes, kWatchResponse,
                         std::move(message));
}

void WatchServer::update_gauge() {
  metrics_.watchers.set(static_cast<double>(stream_of_watch_.size()));
}

}  // namespace kcsim::etcd
