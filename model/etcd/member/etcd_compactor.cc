#include "model/etcd/member/etcd_compactor.h"

#include <spdlog/logger.h>

#include <string>

namespace kcsim::etcd {
namespace {

constexpr sim::Label kCompactRound{"compactor.round"};

}  // namespace

EtcdCompactor::EtcdCompactor(sim::ProcessContext context, std::shared_ptr<ClusterState> cluster,
                             sim::Time interval, std::int64_t compactor_id)
    : Process(context),
      cluster_(std::move(cluster)),
      interval_(interval),
      client_(Process::context(), cluster_->initial_endpoints(),
              static_cast<std::size_t>(compactor_id)) {}

void EtcdCompactor::start() {
  handle(kResponsePort,
         [this](sim::ProcessId, const ClientResponse& response) { client_.on_response(response); });
  schedule();
}

void EtcdCompactor::schedule() {
  after(interval_, kCompactRound, [this] { round(); });
}

void EtcdCompactor::round() {
  mvcc::TxnRequest txn;
  txn.compare.push_back(
      mvcc::Compare::version(kCompactRevKey, mvcc::Compare::Result::kEqual, compact_time_));
  txn.success.emplace_back(
      mvcc::PutRequest{kCompactRevKey, mvcc::make_value(std::to_string(revision_))});
  txn.failure.emplace_back(mvcc::RangeRequest{mvcc::KeyRange::single(kCompactRevKey)});
  client_.call(
      std::move(txn), kCallTimeout,
      [this](ClientError error, const mvcc::Response& response) { on_txn(error, response); });
}

void EtcdCompactor::on_txn(ClientError error, const mvcc::Response& response) {
  const auto* txn = std::get_if<mvcc::TxnResponse>(&response);
  if (error != ClientError::kOk || txn == nullptr) {
    context().log().warn("{}: compact failed: {}", name(), to_string(error));
    schedule();
    return;
  }
  const std::int64_t noted = revision_;
  revision_ = txn->header.revision;
  if (!txn->succeeded) {
    // Another compactor went first: follow its compact time.
    const auto* range = txn->responses.empty()
                            ? nullptr
                            : std::get_if<mvcc::RangeResponse>(&txn->responses.front());
    if (range != nullptr && !range->kvs.empty()) compact_time_ = range->kvs.front().version;
    schedule();
    return;
  }
  ++compact_time_;
  if (noted == 0) {  // no compaction on the first round
    schedule();
    return;
  }
  client_.call(mvcc::CompactionRequest{noted}, kCallTimeout,
               [this, noted](ClientError compact_error, const mvcc::Response&) {
                 if (compact_error == ClientError::kOk) {
                   cluster_->compactions.inc();
                   context().log().info("{}: compacted revision {}", name(), noted);
                 } else {
                   context().log().warn("{}: compact of revision {} failed: {}", name(), noted,
                                        to_string(compact_error));
                 }
                 schedule();
               });
}

}  // namespace kcsim::etcd
