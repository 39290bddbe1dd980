#include "model/etcd/mvcc/requests.h"

#include <utility>

namespace kcsim::etcd::mvcc {

Compare Compare::mod_revision(std::string key, Result result, std::int64_t revision) {
  return Compare{result, Target::kMod, KeyRange::single(std::move(key)), revision, {}};
}

Compare Compare::create_revision(std::string key, Result result, std::int64_t revision) {
  return Compare{result, Target::kCreate, KeyRange::single(std::move(key)), revision, {}};
}

Compare Compare::version(std::string key, Result result, std::int64_t version) {
  return Compare{result, Target::kVersion, KeyRange::single(std::move(key)), version, {}};
}

Compare Compare::value_of(std::string key, Result result, std::string value) {
  return Compare{result, Target::kValue, KeyRange::single(std::move(key)), 0, std::move(value)};
}

Compare Compare::lease_of(std::string key, Result result, LeaseId lease) {
  return Compare{result, Target::kLease, KeyRange::single(std::move(key)), lease, {}};
}

}  // namespace kcsim::etcd::mvcc
