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
    case ClientError::kClientTimeout:
      return "context deadline exceeded";
    case ClientError::kUnavailable:
      return "connection refused";
    case ClientError::kFailed:
      return "etcdserver: request failed";
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
