#include "model/etcd/member/watch_stream.h"

#include <algorithm>
#include <utility>

namespace kcsim::etcd {
namespace {

constexpr sim::Label kWatchOpen{"client.watch_open"};
constexpr sim::Label kWatchPing{"client.watch_ping"};
constexpr sim::Label kWatchKeepalive{"client.watch_keepalive"};
constexpr sim::Label kWatchDial{"client.watch_dial"};
constexpr sim::Label kWatchBackoff{"client.watch_backoff"};
constexpr sim::Label kWatchProgress{"client.watch_progress_request"};

}  // namespace

WatchStream::WatchStream(sim::ProcessContext& owner, std::vector<sim::ProcessId> endpoints,
                         std::size_t endpoint, WatchStreamConfig config,
                         WatchStreamHandler& handler)
    : owner_(owner),
      endpoints_(std::move(endpoints)),
      endpoint_(endpoint % endpoints_.size()),
      config_(config),
      handler_(handler) {}

void WatchStream::restart(const mvcc::WatchCreateRequest& request) {
  close_connection();
  // A new stream after a halt goes to the next endpoint, as gRPC's round robin would
  // pick it (the member that halted it may still have no leader).
  if (started_) endpoint_ = (endpoint_ + 1) % endpoints_.size();
  started_ = true;
  request_ = request;
  active_ = true;
  backoff_ = kBackoffInitial;
  connect();
}

void WatchStream::connect() {
  ++generation_;
  created_ = false;
  ping_sent_ = -1;
  const sim::ProcessId member = endpoints_[endpoint_];
  // A member whose process is down on a live host refuses the connection at once.
  if (owner_.connection_refused(member)) {
    lost();
    return;
  }
  const sim::StreamId stream = owner_.open_stream(member);
  stream_ = stream;
  owner_.on_stream_closed(stream, [this, stream] {
    if (stream == stream_) lost();
  });
  owner_.send_on_stream(stream, kWatchPort, member, 128, kWatchOpen,
                        WatchOpen{owner_.id(), stream, request_, config_.require_leader});
  const std::uint64_t generation = generation_;
  owner_.after(config_.dial_timeout, kWatchDial, [this, generation] {
    if (generation == generation_ && !created_) lost();
  });
}

void WatchStream::close_connection() {
  if (stream_ == sim::kNoStream) return;
  owner_.close_stream(stream_);
  stream_ = sim::kNoStream;
}

void WatchStream::lost() {
  close_connection();
  ++generation_;
  // A watch that existed is resumed elsewhere; a dial that failed (a member still
  // booting, or down) is only retried.
  if (created_) ++resumes_;
  created_ = false;
  endpoint_ = (endpoint_ + 1) % endpoints_.size();
  const std::uint64_t generation = generation_;
  owner_.after(backoff_, kWatchBackoff, [this, generation] {
    if (generation == generation_ && active_) connect();
  });
  backoff_ = std::min(kBackoffMax, backoff_ + backoff_ / 4);
}

bool WatchStream::on_message(const WatchMessage& message) {
  if (message.stream != stream_ || stream_ == sim::kNoStream) return false;
  heard();
  switch (message.kind) {
    case WatchMessage::Kind::kCreated:
      created_ = true;
      backoff_ = kBackoffInitial;
      if (request_.start_revision == 0) request_.start_revision = message.response.revision + 1;
      break;
    case WatchMessage::Kind::kEvents:
      if (!message.response.events.empty()) {
        request_.start_revision = message.response.events.back().kv.mod_revision + 1;
        handler_.on_watch_events(message.response);
      } else {
        request_.start_revision = std::max(request_.start_revision, message.response.revision + 1);
        handler_.on_watch_progress(message.response.revision);
      }
      break;
    case WatchMessage::Kind::kCanceled:
      stream_ = sim::kNoStream;  // the member closed it
      ++generation_;
      active_ = false;
      created_ = false;
      handler_.on_watch_halted(message.error, message.response.compact_revision);
      break;
    case WatchMessage::Kind::kPong:
      break;
  }
  return true;
}

bool WatchStream::request_progress() {
  if (!created_ || stream_ == sim::kNoStream) return false;
  owner_.send_on_stream(stream_, kWatchProgressPort, endpoints_[endpoint_], 16, kWatchProgress,
                        WatchProgressRequest{stream_});
  return true;
}

void WatchStream::heard() {
  last_heard_ = owner_.now();
  ping_sent_ = -1;
  // One keep-alive timer per connection, not one per message.
  if (keepalive_generation_ != generation_) arm_keepalive(last_heard_ + config_.keepalive_time);
}

void WatchStream::arm_keepalive(sim::Time when) {
  keepalive_generation_ = generation_;
  const std::uint64_t generation = generation_;
  owner_.after(when - owner_.now(), kWatchKeepalive,
               [this, generation] { check_keepalive(generation); });
}

void WatchStream::check_keepalive(std::uint64_t generation) {
  if (generation != generation_) return;
  const sim::Time now = owner_.now();
  if (ping_sent_ >= 0) {  // a ping is outstanding
    if (now - ping_sent_ >= config_.keepalive_timeout) {
      lost();
    } else {
      arm_keepalive(ping_sent_ + config_.keepalive_timeout);
    }
    return;
  }
  if (now - last_heard_ < config_.keepalive_time) {
    arm_keepalive(last_heard_ + config_.keepalive_time);
    return;
  }
  ping_sent_ = now;
  owner_.send_on_stream(stream_, kWatchPingPort, endpoints_[endpoint_], 16, kWatchPing,
                        WatchPing{stream_});
  arm_keepalive(now + config_.keepalive_timeout);
}

}  // namespace kcsim::etcd
