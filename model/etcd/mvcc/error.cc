#include "model/etcd/mvcc/error.h"

namespace kcsim::etcd::mvcc {

std::string_view error_name(Error error) {
  switch (error) {
    case Error::kOk:
      return "ok";
    case Error::kCompacted:
      return "compacted";
    case Error::kFutureRevision:
      return "future_revision";
    case Error::kNoSpace:
      return "no_space";
    case Error::kLeaseNotFound:
      return "lease_not_found";
    case Error::kLeaseExists:
      return "lease_exists";
    case Error::kLeaseTtlTooLarge:
      return "lease_ttl_too_large";
    case Error::kLeaseExpired:
      return "lease_expired";
    case Error::kNotPrimary:
      return "not_primary";
    case Error::kRequestTooLarge:
      return "request_too_large";
    case Error::kTooManyOps:
      return "too_many_ops";
    case Error::kDuplicateKey:
      return "duplicate_key";
    case Error::kKeyNotFound:
      return "key_not_found";
    case Error::kEmptyKey:
      return "empty_key";
  }
  return "unknown";
}

}  // namespace kcsim::etcd::mvcc
