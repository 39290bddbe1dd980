#include "model/etcd/mvcc/backend_size.h"

#include "sim/invariant.h"

namespace kcsim::etcd::mvcc {

void BackendSize::observe_in_use(std::int64_t bytes) {
  KCSIM_ASSERT(bytes >= 0);
  in_use_bytes = bytes;
  if (in_use_bytes > file_bytes) file_bytes = in_use_bytes;
  KCSIM_ASSERT(file_bytes >= in_use_bytes);
}

}  // namespace kcsim::etcd::mvcc
