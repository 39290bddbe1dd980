// A list-watch client of a group's resource: the minimal loop of client-go's reflector
// (tools/cache/reflector.go), without a store.
//
// Contract:
//  - List, then watch from the list's resourceVersion; each event moves the last seen
//    resourceVersion (bookmarks too; the watch asks for them).
//  - The first list asks for resourceVersion "0" (whatever the cache has); a relist asks
//    for the last seen one (NotOlderThan); if that list answers 410 Expired, the next
//    one asks for none (a consistent read: isLastSyncResourceVersionUnavailable).
//    Paged answers are followed with their continue token.
//  - A watch lasts the reflector's timeoutSeconds: minWatchTimeout (5 min) x (1 + u).
//    When it closes (the server ended it, or the connection broke) it is resumed at once
//    from the last resourceVersion, unless it was a "very short watch" (under 1s with no
//    event): then, as after a 410 Error event or a failed list, the client relists after
//    the reflector's back-off (backoff.h: 800ms doubling to 30s, jittered). A WATCH
//    refused with 429, or whose dial was refused, is tried again after the back-off.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "model/client/api_client.h"
#include "model/client/backoff.h"
#include "model/loadgen/group.h"
#include "sim/process.h"
#include "sim/random.h"

namespace kcsim::loadgen {

class ListWatcher final : public sim::Process {
 public:
  static constexpr sim::Time kMinWatchTimeout = 5 * sim::kMinute;  // reflector.go
  static constexpr sim::Time kShortWatch = sim::kSecond;           // "very short watch"

  ListWatcher(sim::ProcessContext context, std::shared_ptr<GroupContext> group,
              std::uint64_t index);
  void start() override;

  std::int64_t last_resource_version() const { return last_rv_; }
  bool watching() const { return watch_ != 0; }

 private:
  void list(std::string continue_token);
  void on_list(client::Result&& result);
  void watch();
  void on_watch_end(const client::WatchEnd& end);
  void after_backoff(bool relist);

  std::shared_ptr<GroupContext> group_;
  std::uint64_t index_;
  sim::Rng rng_;
  client::ApiClient client_;
  client::ExponentialBackoff backoff_;
  std::int64_t last_rv_ = 0;  // 0: none yet
  bool rv_unavailable_ = false;
  client::ApiClient::WatchId watch_ = 0;
  sim::Time watch_started_ = 0;
  std::string namespace_;
};

}  // namespace kcsim::loadgen
