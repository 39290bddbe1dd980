#include "model/etcd/mvcc/backend_size.h"

#include <cassert>

namespace kcsim::etcd::mvcc {

void BackendSize::observe_in_use(std::int64_t bytes) {
  assert(bytes >= 0);
  in_use_bytes = bytes;
  if (in_use_bytes > file_bytes) file_bytes = in_use_bytes;
  assert(file_bytes >= in_use_bytes);
}

}  // namespace kcsim::etcd::mvcc
