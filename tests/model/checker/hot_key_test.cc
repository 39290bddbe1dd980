// The load that matters: many etcd clients on one key. Before the compact cache and the
// preserving-operation rule (key_search.cc), the checker returned Unknown on every such
// history that `kcsim run` produced with 16 clients on one key, at the default bounds.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/checker/incremental_checker.h"
#include "model/checker/linearizability.h"
#include "sim/random.h"
#include "tests/model/checker/history_builder.h"

namespace kcsim::checker {
namespace {

using sim::kMicrosecond;
using sim::kMillisecond;

// `clients` closed-loop clients on one key, as kcsim's etcd clients behave: each sends a
// put of a unique value or a read (half and half), the request takes effect at one
// instant 0.2 to 3ms after the call (network, Raft, fsync), the answer arrives 0.1 to 2ms
// later, and the client calls again 0 to 2ms after that. Outputs come from a store that
// applies the requests in the order of their instants, so the history is linearizable.
History hot_key_history(std::uint64_t seed, std::size_t clients, std::size_t operations) {
  sim::Rng rng = sim::Rng::stream(seed, "checker/hot-key");
  struct Planned {
    sim::Time effect;
    Operation operation;
  };
  std::vector<Planned> planned;
  std::vector<sim::Time> free_at(clients, 0);
  std::uint64_t values = 0;
  for (std::size_t i = 0; i < operations; ++i) {
    const std::size_t client = static_cast<std::size_t>(
        std::min_element(free_at.begin(), free_at.end()) - free_at.begin());
    Operation op;
    op.client_id = static_cast<std::int64_t>(client);
    op.call_time = free_at[client] + static_cast<sim::Time>(rng.below(2 * kMillisecond));
    const sim::Time effect =
        op.call_time + 200 * kMicrosecond + static_cast<sim::Time>(rng.below(2800 * kMicrosecond));
    op.return_time =
        effect + 100 * kMicrosecond + static_cast<sim::Time>(rng.below(1900 * kMicrosecond));
    op.input = rng.chance(0.5) ? KvInput::get("/kcsim/key-0")
                               : KvInput::put("/kcsim/key-0", "c" + std::to_string(client) + "-" +
                                                                  std::to_string(++values));
    free_at[client] = op.return_time;
    planned.push_back({effect, std::move(op)});
  }
  std::vector<std::size_t> order(planned.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&planned](std::size_t a, std::size_t b) {
    return planned[a].effect < planned[b].effect;
  });
  std::optional<std::string> value;
  for (std::size_t i : order) {
    Operation& op = planned[i].operation;
    if (op.input.kind == OpKind::kPut) {
      value = op.input.value;
      op.output = KvOutput::ok();
    } else {
      op.output = value ? KvOutput::found_value(*value) : KvOutput::not_found();
    }
  }
  History history;
  for (Planned& p : planned)
    history.push_back(std::move(p.operation));
  std::sort(history.begin(), history.end(),
            [](const Operation& a, const Operation& b) { return a.call_time < b.call_time; });
  return history;
}

// The read nearest the middle of the history that saw a value, made to see the value of
// the first write instead: a stale read, long overwritten.
History with_a_stale_read(History history) {
  std::string first_value;
  for (const Operation& op : history) {
    if (op.input.kind == OpKind::kPut) {
      first_value = op.input.value;
      break;
    }
  }
  for (std::size_t i = history.size() / 2; i < history.size(); ++i) {
    Operation& op = history[i];
    if (op.input.kind == OpKind::kGet && op.output.found && op.output.value != first_value) {
      op.output.value = first_value;
      return history;
    }
  }
  ADD_FAILURE() << "no read to corrupt";
  return history;
}

constexpr std::size_t kClients = 16;
constexpr std::size_t kOperations = 20'000;

TEST(HotKey, SixteenClientsOnOneKeyAreDecidedAtTheDefaultBounds) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const History history = hot_key_history(seed, kClients, kOperations);
    const CheckResult result = check_linearizable(history);
    ASSERT_EQ(result.verdict, Verdict::kOk) << "seed " << seed << ": " << result.explanation;
    ASSERT_EQ(result.keys.size(), 1u);
    EXPECT_EQ(testing::witness_error(history, "/kcsim/key-0", result.keys[0].linearization),
              std::nullopt);
  }
}

TEST(HotKey, AStaleReadAmongSixteenClientsIsFoundIllegal) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const History history = with_a_stale_read(hot_key_history(seed, kClients, kOperations));
    const CheckResult result = check_linearizable(history);
    EXPECT_EQ(result.verdict, Verdict::kIllegal) << "seed " << seed << ": " << result.explanation;
  }
}

TEST(HotKey, TheIncrementalCheckerAgreesAndSearchesOnlyChangedKeys) {
  const History hot = hot_key_history(7, kClients, 2'000);
  IncrementalChecker incremental;
  HistoryRecorder recorder;
  recorder.set_observer(&incremental);
  // Feed the operations as a run would: calls and returns in time order.
  struct Event {
    sim::Time time;
    bool is_return;
    std::size_t op;
  };
  std::vector<Event> events;
  for (std::size_t i = 0; i < hot.size(); ++i) {
    events.push_back({hot[i].call_time, false, i});
    events.push_back({hot[i].return_time, true, i});
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.is_return < b.is_return;
  });
  std::vector<Ticket> tickets(hot.size());
  for (const Event& event : events) {
    const Operation& op = hot[event.op];
    if (event.is_return) {
      recorder.complete(tickets[event.op], op.return_time, op.output);
    } else {
      tickets[event.op] = recorder.invoke(op.client_id, op.call_time, op.input);
    }
  }
  // One quiet key beside the hot one, checked once.
  const Ticket quiet = recorder.invoke(99, 0, KvInput::put("quiet", "q"));
  recorder.complete(quiet, 10, KvOutput::ok());
  EXPECT_EQ(incremental.verdict(), Verdict::kOk);
  const std::uint64_t searches = incremental.searches();
  EXPECT_EQ(searches, 2u);  // each key once
  EXPECT_EQ(incremental.verdict(), Verdict::kOk);
  EXPECT_EQ(incremental.searches(), searches);  // nothing changed: nothing searched
  const Ticket read = recorder.invoke(100, 20, KvInput::get("quiet"));
  EXPECT_EQ(incremental.verdict(), Verdict::kOk);
  EXPECT_EQ(incremental.searches(), searches);  // a pending read changes nothing
  recorder.complete(read, 30, KvOutput::found_value("not q"));
  EXPECT_EQ(incremental.verdict(), Verdict::kIllegal);
  EXPECT_EQ(incremental.searches(), searches + 1);  // only the quiet key again
  const CheckResult& result = incremental.result();
  ASSERT_EQ(result.keys.size(), 2u);
  EXPECT_EQ(result.keys[0].key, "/kcsim/key-0");
  EXPECT_EQ(result.keys[0].verdict, Verdict::kOk);
  EXPECT_EQ(result.keys[1].verdict, Verdict::kIllegal);
  // The same answer as the whole-history check, ids being the recorder's tickets.
  const CheckResult whole = check_linearizable(recorder.history());
  EXPECT_EQ(whole.verdict, Verdict::kIllegal);
  EXPECT_EQ(whole.explanation, result.explanation);
}

}  // namespace
}  // namespace kcsim::checker
