#include "model/apiserver/flowcontrol/watch_tracker.h"

#include "model/apiserver/flowcontrol/work_estimate.h"
#include "sim/invariant.h"

namespace kcsim::flowcontrol {

WatchTracker::Token WatchTracker::register_watch(const api::ApiRequest& watch) {
  Key key{watch.kind, watch.namespace_, watch.name};
  ++counts_[key];
  const Token token = next_token_++;
  watches_.emplace(token, std::move(key));
  return token;
}

void WatchTracker::forget_watch(Token token) {
  auto it = watches_.find(token);
  KCSIM_ASSERT_MSG(it != watches_.end(), "forget of an unknown watch");
  auto count = counts_.find(it->second);
  KCSIM_ASSERT(count != counts_.end());
  if (--count->second == 0) counts_.erase(count);
  watches_.erase(it);
}

int WatchTracker::interested_watch_count(const api::ApiRequest& request) const {
  if (!api::is_mutating(request.verb)) return 0;
  auto count_of = [&](const std::string& ns, const std::string& name) {
    auto it = counts_.find(Key{request.kind, ns, name});
    return it == counts_.end() ? 0 : it->second;
  };
  int result = count_of("", "");
  if (!request.namespace_.empty()) result += count_of(request.namespace_, "");
  if (!request.name.empty()) result += count_of(request.namespace_, request.name);
  return result;
}

}  // namespace kcsim::flowcontrol
