#include "model/etcd/member/linearizable_read_loop.h"

#include <utility>

#include "sim/invariant.h"

namespace kcsim::etcd {
namespace {

constexpr sim::Label kReadIndexRetry{"etcd.read_index_retry"};
constexpr sim::Label kReadIndexTimeout{"etcd.read_index_timeout"};

}  // namespace

LinearizableReadLoop::LinearizableReadLoop(sim::ProcessContext& owner, std::string id_prefix,
                                           sim::Time request_timeout, SendReadIndex send,
                                           RoundFailed failed)
    : owner_(owner),
      id_prefix_(std::move(id_prefix)),
      request_timeout_(request_timeout),
      send_(std::move(send)),
      failed_(std::move(failed)) {}

void LinearizableReadLoop::notify(Done done) {
  KCSIM_ASSERT_MSG(queued() < kReadsQueuedMax, "linearizable reads queued without bound");
  next_.push_back(std::move(done));
  // etcd signals readwaitc; an idle loop starts a round at once, a busy one when the
  // round in flight ends.
  if (phase_ == Phase::kIdle) start_round();
}

void LinearizableReadLoop::start_round() {
  KCSIM_ASSERT(phase_ == Phase::kIdle);
  KCSIM_ASSERT(round_.empty());
  round_ = std::move(next_);
  next_.clear();
  phase_ = Phase::kRequesting;
  ++rounds_;
  request_ctx_ = id_prefix_ + "." + std::to_string(rounds_);
  // requestCurrentIndex: the error timer (ReqTimeout) runs from the first send.
  error_timer_ = owner_.after(request_timeout_, kReadIndexTimeout,
                              [this] { finish_round(ClientError::kTimeout); });
  retry_timer_ = owner_.after(kReadIndexRetryTime, kReadIndexRetry, [this] { send_again(); });
  send_(request_ctx_);
}

void LinearizableReadLoop::send_again() {
  if (phase_ != Phase::kRequesting) return;
  ++resends_;
  owner_.cancel(retry_timer_);
  retry_timer_ = owner_.after(kReadIndexRetryTime, kReadIndexRetry, [this] { send_again(); });
  send_(request_ctx_);
}

void LinearizableReadLoop::on_read_state(const std::string& request_ctx, raft::Index index) {
  // An answer to an earlier round (one that failed) is out of date.
  if (phase_ != Phase::kRequesting || request_ctx != request_ctx_) return;
  owner_.cancel(retry_timer_);
  owner_.cancel(error_timer_);
  phase_ = Phase::kApplying;
  confirmed_ = index;
  on_applied(applied_);
}

void LinearizableReadLoop::on_applied(raft::Index applied) {
  KCSIM_ASSERT_MSG(applied >= applied_, "the applied index never decreases");
  applied_ = applied;
  if (phase_ == Phase::kApplying && applied_ >= confirmed_) finish_round(ClientError::kOk);
}

void LinearizableReadLoop::on_leader_changed() {
  if (phase_ != Phase::kRequesting) return;
  finish_round(ClientError::kLeaderChanged);
}

void LinearizableReadLoop::on_first_commit_in_term() {
  send_again();
}

void LinearizableReadLoop::finish_round(ClientError error) {
  KCSIM_ASSERT(phase_ != Phase::kIdle);
  owner_.cancel(retry_timer_);
  owner_.cancel(error_timer_);
  phase_ = Phase::kIdle;
  request_ctx_.clear();
  if (error != ClientError::kOk && failed_) failed_(error);
  std::vector<Done> done = std::move(round_);
  round_.clear();
  // The next round starts before the answers run: a read an answer queues joins it.
  if (!next_.empty()) start_round();
  for (Done& d : done)
    d(error);
}

}  // namespace kcsim::etcd
