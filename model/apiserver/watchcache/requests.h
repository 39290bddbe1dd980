// What the server asks the watch cache and what it answers: reads (LIST, GET), watches,
// and the outputs that come later (events for watchers, watchers ended, reads that
// waited, progress requests for etcd).
//
// Selection: the cache does not parse selectors. The server passes the request's scope
// (namespace and name, from the URL or an exact metadata.namespace / metadata.name
// field selector), a predicate over the object (the label and field selectors, built
// by the selector code), and, when the field selector requires an exact value of the
// resource's indexed trigger (pods: spec.nodeName=X), that value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/apiserver/api/wire.h"
#include "model/apiserver/objects/kinds.h"
#include "model/apiserver/objects/object.h"
#include "sim/time.h"

namespace kcsim::apiserver::watchcache {

using WatcherId = std::uint64_t;
using Predicate = std::function<bool(const api::Object&)>;  // empty: every object

struct Scope {
  std::string namespace_;  // empty: every namespace
  std::string name;        // empty: every name
};

// Scope, predicate and trigger value of one request.
struct Selection {
  Scope scope;
  Predicate predicate;
  bool has_label_selector = false;  // for the not-ready and paging rules
  bool has_field_selector = false;
  std::optional<std::string> trigger_value;  // exact value of the indexed trigger

  bool empty() const { return !has_label_selector && !has_field_selector; }
  bool matches(const api::Object& object) const;
};

// Why a read goes to etcd instead of the cache (the server then reads etcd itself).
enum class FromEtcd : std::uint8_t {
  kNo,
  kExact,             // resourceVersionMatch=Exact (delegator.go shouldDelegateList)
  kContinue,          // a continue token: the cache does not serve continuations
  kConsistentOff,     // RV unset and ConsistentListFromCache off
  kNotReadyPaged,     // cache not ready, no selector, a limit (shouldDelegateListOnNotReadyCache)
  kGetUnset,          // a GET without resourceVersion
  kGetNotReady,       // a GET while the cache is not ready (ResilientWatchCacheInitialization)
  kFreshnessTimeout,  // a consistent read waited block_timeout: fall back to etcd
};

struct ListRequest {
  std::uint64_t ticket = 0;  // the server's id, echoed when a waiting read completes
  api::RvMatch rv_match = api::RvMatch::kUnset;
  std::int64_t resource_version = 0;
  std::int64_t limit = 0;
  bool has_continue = false;
  Selection selection;
  // For a consistent read (RV unset): etcd's current revision, which the server gets
  // from etcd first (storage.GetCurrentResourceVersionFromStorage, a count-only range).
  std::int64_t etcd_current_revision = 0;
};

struct GetRequest {
  std::uint64_t ticket = 0;
  api::RvMatch rv_match = api::RvMatch::kUnset;
  std::int64_t resource_version = 0;
  std::string namespace_;
  std::string name;
};

enum class ReadOutcome : std::uint8_t {
  kServed,    // response filled (200, or an error: 404, 429, 504)
  kFromEtcd,  // serve from etcd: see from_etcd
  kWaiting,   // waits for freshness; a ReadDone with the same ticket comes later
};

struct ReadAnswer {
  std::uint64_t ticket = 0;
  ReadOutcome outcome = ReadOutcome::kServed;
  FromEtcd from_etcd = FromEtcd::kNo;
  api::ApiResponse response;  // items, list_resource_version, continue_token, ...
  std::size_t fetched = 0;    // objects the cache looked at (with an index: only those)
};

struct WatchRequest {
  std::uint64_t request_id = 0;                  // echoed in every WatchEvent of this watch
  api::RvMatch rv_match = api::RvMatch::kUnset;  // kUnset, kAny (RV "0") or kNotOlderThan (RV N)
  std::int64_t resource_version = 0;
  Selection selection;
  bool allow_bookmarks = true;
  sim::Time deadline = 0;  // absolute end of the watch (timeoutSeconds); 0: none
};

enum class WatchOutcome : std::uint8_t {
  kStarted,     // registered; initial_events first, then live events come as Deliveries
  kErrorEvent,  // the stream opens with one ERROR event (410 Expired) and closes
  kRejected,    // an HTTP error before the stream: 429 not ready, 400 bad request
};

struct WatchAnswer {
  WatchOutcome outcome = WatchOutcome::kStarted;
  WatcherId watcher = 0;
  // Synthetic ADDED events (RV unset or 0) or the history after the RV, to write first.
  // They do not count against the watcher's buffer.
  std::vector<api::WatchEvent> initial_events;
  api::WatchEvent error_event;  // kErrorEvent
  api::ApiResponse rejection;   // kRejected
  std::size_t buffer_capacity = 0;
};

// One event for one watcher. Fan-out of one change to N watchers is N deliveries whose
// event.object.object is the same pointer.
struct Delivery {
  WatcherId watcher = 0;
  api::WatchEvent event;
};

enum class TerminationReason : std::uint8_t {
  kSlow,            // buffer full past the dispatch budget ("Forcing watcher close due
                    // to unresponsiveness"); apiserver_terminated_watchers_total
  kReinitializing,  // the cache relists (terminateAllWatchers)
};

struct Termination {
  WatcherId watcher = 0;
  TerminationReason reason = TerminationReason::kSlow;
};

// Outputs produced by feeding, acks and time, for the server to drain.
struct Outbox {
  std::vector<Delivery> deliveries;
  std::vector<Termination> terminations;
  std::vector<ReadAnswer> reads_done;
  std::uint64_t progress_requests = 0;  // etcd RequestWatchProgress calls to make

  bool empty() const {
    return deliveries.empty() && terminations.empty() && reads_done.empty() &&
           progress_requests == 0;
  }
};

}  // namespace kcsim::apiserver::watchcache
