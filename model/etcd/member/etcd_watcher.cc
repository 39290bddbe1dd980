#include "model/etcd/member/etcd_watcher.h"

#include <spdlog/logger.h>

#include <vector>

namespace kcsim::etcd {
namespace {

constexpr sim::Label kRewatch{"client.rewatch"};
const char* const kWatchPrefix = "/kcsim/";

}  // namespace

EtcdWatcher::EtcdWatcher(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
                         WatchStreamConfig config, std::int64_t watcher_id)
    : Process(context),
      cluster_(std::move(cluster)),
      watcher_id_(watcher_id),
      stream_(Process::context(), cluster_->initial_endpoints(),
              static_cast<std::size_t>(watcher_id), config, *this) {}

void EtcdWatcher::start() {
  handle(kWatchMessagePort,
         [this](sim::ProcessId, const WatchMessage& message) { on_watch_message(message); });
  watch_from(0, true);
}

void EtcdWatcher::watch_from(std::int64_t revision, bool new_segment) {
  mvcc::WatchCreateRequest request;
  request.range = mvcc::KeyRange::prefix(kWatchPrefix);
  request.start_revision = revision;
  if (new_segment) segment_open_ = false;
  stream_.restart(request);
}

void EtcdWatcher::on_watch_message(const WatchMessage& message) {
  const bool was_connected = stream_.connected();
  if (!stream_.on_message(message)) return;
  if (!was_connected && stream_.connected() && !segment_open_) {
    // The start revision is known once the first member has created the watch.
    segment_ = cluster_->watch_log.begin(watcher_id_, mvcc::KeyRange::prefix(kWatchPrefix),
                                         stream_.next_revision());
    segment_open_ = true;
  }
  if (stream_.resumes() != resumes_seen_) {
    cluster_->watch_resumes.add(static_cast<double>(stream_.resumes() - resumes_seen_));
    resumes_seen_ = stream_.resumes();
  }
}

void EtcdWatcher::on_watch_events(const mvcc::WatchResponse& response) {
  cluster_->watch_events_received.add(static_cast<double>(response.events.size()));
  if (segment_open_) cluster_->watch_log.record(segment_, response.events);
}

void EtcdWatcher::on_watch_halted(ClientError error, std::int64_t /*compact_revision*/) {
  cluster_->watch_halts(error).inc();
  context().log().info("{}: watch halted: {}", name(), to_string(error));
  // "no leader": resume where it stopped, in the same segment; "compacted": start over.
  const bool resume = error == ClientError::kNoLeader;
  const std::int64_t next = resume ? stream_.next_revision() : 0;
  after(kRewatchBackoff, kRewatch, [this, next, resume] { watch_from(next, !resume); });
}

}  // namespace kcsim::etcd
