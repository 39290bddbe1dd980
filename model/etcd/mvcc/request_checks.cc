#include "model/etcd/mvcc/request_checks.h"

#include <algorithm>
#include <set>
#include <string>
#include <type_traits>

#include "sim/overloaded.h"

namespace kcsim::etcd::mvcc {
namespace {

using sim::Overloaded;

std::int64_t range_bytes(const KeyRange& range) {
  return static_cast<std::int64_t>(range.key.size() + range.range_end.size());
}

std::int64_t op_bytes(const RequestOp& op) {
  return kRequestFramingBytes +
         std::visit(Overloaded{
                        [](const RangeRequest& r) { return range_bytes(r.range); },
                        [](const PutRequest& r) {
                          return static_cast<std::int64_t>(r.key.size() + r.value.size());
                        },
                        [](const DeleteRangeRequest& r) { return range_bytes(r.range); },
                    },
                    op);
}

std::int64_t txn_bytes(const TxnRequest& txn) {
  std::int64_t total = kRequestFramingBytes;
  for (const Compare& compare : txn.compare) {
    total += kRequestFramingBytes + range_bytes(compare.range) +
             static_cast<std::int64_t>(compare.value.size());
  }
  for (const RequestOp& op : txn.success)
    total += op_bytes(op);
  for (const RequestOp& op : txn.failure)
    total += op_bytes(op);
  return total;
}

std::int64_t put_cost(const PutRequest& put) {
  return kQuotaPutOverheadBytes + static_cast<std::int64_t>(put.key.size() + put.value.size());
}

std::int64_t branch_cost(const std::vector<RequestOp>& ops) {
  std::int64_t total = 0;
  for (const RequestOp& op : ops) {
    if (const auto* put = std::get_if<PutRequest>(&op)) total += put_cost(*put);
  }
  return total;
}

Error check_op_key(const RequestOp& op) {
  const std::string& key = std::visit(
      [](const auto& r) -> const std::string& {
        if constexpr (std::is_same_v<std::decay_t<decltype(r)>, PutRequest>) {
          return r.key;
        } else {
          return r.range.key;
        }
      },
      op);
  return key.empty() ? Error::kEmptyKey : Error::kOk;
}

// etcd's checkIntervals for one branch: no key put twice, no put inside a delete range.
Error check_branch(const std::vector<RequestOp>& ops, const RequestLimits& limits) {
  if (static_cast<std::int64_t>(ops.size()) > limits.max_txn_ops) return Error::kTooManyOps;
  std::set<std::string> puts;
  std::vector<const KeyRange*> deletes;
  for (const RequestOp& op : ops) {
    if (Error error = check_op_key(op); error != Error::kOk) return error;
    if (const auto* put = std::get_if<PutRequest>(&op)) {
      if (!puts.insert(put->key).second) return Error::kDuplicateKey;
    } else if (const auto* del = std::get_if<DeleteRangeRequest>(&op)) {
      deletes.push_back(&del->range);
    }
  }
  for (const KeyRange* range : deletes) {
    for (const std::string& key : puts) {
      if (range->contains(key)) return Error::kDuplicateKey;
    }
  }
  return Error::kOk;
}

Error check_shape(const Request& request, const RequestLimits& limits) {
  return std::visit(
      Overloaded{
          [](const RangeRequest& r) { return r.range.key.empty() ? Error::kEmptyKey : Error::kOk; },
          [](const PutRequest& r) { return r.key.empty() ? Error::kEmptyKey : Error::kOk; },
          [](const DeleteRangeRequest& r) {
            return r.range.key.empty() ? Error::kEmptyKey : Error::kOk;
          },
          [&](const TxnRequest& r) {
            if (static_cast<std::int64_t>(r.compare.size()) > limits.max_txn_ops) {
              return Error::kTooManyOps;
            }
            if (Error error = check_branch(r.success, limits); error != Error::kOk) return error;
            return check_branch(r.failure, limits);
          },
          [](const auto&) { return Error::kOk; },
      },
      request);
}

}  // namespace

std::int64_t estimated_request_bytes(const Request& request) {
  return std::visit(Overloaded{
                        [](const RangeRequest& r) { return op_bytes(RequestOp{r}); },
                        [](const PutRequest& r) { return op_bytes(RequestOp{r}); },
                        [](const DeleteRangeRequest& r) { return op_bytes(RequestOp{r}); },
                        [](const TxnRequest& r) { return txn_bytes(r); },
                        [](const auto&) { return kRequestFramingBytes; },
                    },
                    request);
}

Error check_request(const Request& request, const RequestLimits& limits) {
  if (Error error = check_shape(request, limits); error != Error::kOk) return error;
  if (estimated_request_bytes(request) > limits.max_request_bytes) return Error::kRequestTooLarge;
  return Error::kOk;
}

std::int64_t quota_cost_bytes(const Request& request) {
  return std::visit(Overloaded{
                        [](const PutRequest& r) { return put_cost(r); },
                        [](const TxnRequest& r) {
                          return std::max(branch_cost(r.success), branch_cost(r.failure));
                        },
                        [](const LeaseGrantRequest&) { return kQuotaLeaseOverheadBytes; },
                        [](const auto&) { return std::int64_t{0}; },
                    },
                    request);
}

}  // namespace kcsim::etcd::mvcc
