#include "model/etcd/member/wire.h"

namespace kcsim::etcd {

std::string_view to_string(ClientError error) {
  switch (error) {
    case ClientError::kOk:
      return "ok";
    case ClientError::kNoLeader:
      return "etcdserver: no leader";
    case ClientError::kTimeout:
      return "etcdserver: request timed out";
    case ClientError::kNoSpace:
      return "etcdserver: mvcc: database space exceeded";
    case ClientError::kTooLarge:
      return "etcdserver: request is too large";
    case ClientError::kCompacted:
      return "etcdserver: mvcc: required revision has been compacted";
    case ClientError::kLeaderChanged:
      return "etcdserver: leader changed";
    case ClientError::kClientTimeout:
      return "context deadline exceeded";
    case ClientError::kUnavailable:
      return "connection refused";
    case ClientError::kFailed:
      return "etcdserver: request failed";
    case ClientError::kUnhealthy:
      return "etcdserver: unhealthy cluster";
    case ClientError::kNotEnoughStarted:
      return "etcdserver: re-configuration failed due to not enough started members";
    case ClientError::kLearnerNotReady:
      return "etcdserver: can only promote a learner member which is in sync with leader";
    case ClientError::kNotLearner:
      return "etcdserver: can only promote a learner member";
    case ClientError::kTooManyLearners:
      return "etcdserver: too many learner members in cluster";
    case ClientError::kMemberNotFound:
      return "etcdserver: member not found";
    case ClientError::kMemberExists:
      return "etcdserver: member ID already exist";
  }
  return "?";
}

std::string_view to_string(MemberOp op) {
  switch (op) {
    case MemberOp::kAdd:
      return "member add";
    case MemberOp::kAddLearner:
      return "member add --learner";
    case MemberOp::kRemove:
      return "member remove";
    case MemberOp::kPromote:
      return "member promote";
  }
  return "?";
}

ClientError from_store_error(mvcc::Error error) {
  switch (error) {
    case mvcc::Error::kOk:
      return ClientError::kOk;
    case mvcc::Error::kNoSpace:
      return ClientError::kNoSpace;
    case mvcc::Error::kCompacted:
      return ClientError::kCompacted;
    case mvcc::Error::kRequestTooLarge:
      return ClientError::kTooLarge;
    default:
      return ClientError::kFailed;
  }
}

}  // namespace kcsim::etcd
