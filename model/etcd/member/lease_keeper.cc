#include "model/etcd/member/lease_keeper.h"

#include <spdlog/logger.h>

namespace kcsim::etcd {
namespace {

constexpr sim::Label kAcquire{"lease.acquire"};
constexpr sim::Label kTick{"lease.keepalive_tick"};
constexpr sim::Label kKeepAlive{"lease.keepalive"};
constexpr std::uint64_t kKeepAliveBytes = 32;

}  // namespace

LeaseKeeper::LeaseKeeper(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
                         LeaseKeeperConfig config, std::int64_t keeper_id)
    : Process(context),
      cluster_(std::move(cluster)),
      config_(config),
      keeper_id_(keeper_id),
      key_("/kcsim/lease-" + std::to_string(keeper_id)),
      client_(Process::context(), cluster_->initial_endpoints(),
              static_cast<std::size_t>(keeper_id)),
      endpoints_(cluster_->initial_endpoints()),
      endpoint_(static_cast<std::size_t>(keeper_id) % endpoints_.size()) {}

void LeaseKeeper::start() {
  handle(kResponsePort,
         [this](sim::ProcessId, ClientResponse response) { on_response(std::move(response)); });
  acquire();
  after(kSendInterval, kTick, [this] { tick(); });
}

void LeaseKeeper::retry_later() {
  after(kRetryAfter, kAcquire, [this] { acquire(); });
}

void LeaseKeeper::acquire() {
  const auto lease =
      static_cast<mvcc::LeaseId>((static_cast<std::uint64_t>(keeper_id_) + 1) << 32 | ++grants_);
  client_.call(mvcc::LeaseGrantRequest{lease, config_.ttl_seconds}, kCallTimeout,
               [this, lease](ClientError error, const mvcc::Response&) {
                 if (error != ClientError::kOk) {
                   retry_later();
                   return;
                 }
                 mvcc::PutRequest put{key_, mvcc::make_value("held by " + name())};
                 put.lease = lease;
                 client_.call(std::move(put), kCallTimeout,
                              [this, lease](ClientError put_error, const mvcc::Response&) {
                                if (put_error != ClientError::kOk) {
                                  retry_later();
                                  return;
                                }
                                lease_ = lease;
                                keeping_ = true;
                                next_keep_alive_ = now();
                                deadline_ = now() + kFirstDeadline;
                                stream_heard_ = now();
                                unanswered_ = false;
                              });
               });
}

void LeaseKeeper::tick() {
  after(kSendInterval, kTick, [this] { tick(); });
  if (!keeping_) return;
  if (now() > deadline_) {
    lost("no keep-alive answer before the lease's deadline");
    return;
  }
  if (unanswered_ && now() - stream_heard_ >= config_.keepalive_time + config_.keepalive_timeout) {
    break_stream();  // gRPC's keep-alive gave up on the connection
  }
  if (now() >= next_keep_alive_) send_keep_alive();
}

void LeaseKeeper::send_keep_alive() {
  const sim::ProcessId member = endpoints_[endpoint_];
  if (context().connection_refused(member)) {
    break_stream();  // reset: the next tick sends on a new stream
    return;
  }
  context().send(kLeaseKeepAlivePort, member, kKeepAliveBytes, kKeepAlive,
                 LeaseKeepAlive{id(), next_request_id_++, lease_, false});
  unanswered_ = true;
}

void LeaseKeeper::break_stream() {
  endpoint_ = (endpoint_ + 1) % endpoints_.size();
  stream_heard_ = now();
  unanswered_ = false;
}

void LeaseKeeper::on_response(ClientResponse response) {
  if (client_.on_response(response)) return;
  if (!keeping_) return;
  if (response.error != ClientError::kOk) {
    break_stream();  // etcd ends the keep-alive stream with the error
    return;
  }
  const auto* answer = std::get_if<mvcc::LeaseKeepAliveResponse>(&response.response);
  if (answer == nullptr || answer->id != lease_) return;  // for an earlier lease
  stream_heard_ = now();
  unanswered_ = false;
  if (answer->ttl_seconds <= 0) {
    lost("the lease is gone");
    return;
  }
  next_keep_alive_ = now() + answer->ttl_seconds * sim::kSecond / 3;
  deadline_ = now() + answer->ttl_seconds * sim::kSecond;
}

void LeaseKeeper::lost(const char* why) {
  cluster_->leases_lost.inc();
  context().log().warn("{}: lease {} lost: {}", name(), lease_, why);
  keeping_ = false;
  lease_ = mvcc::kNoLease;
  retry_later();
}

}  // namespace kcsim::etcd
