// Test helpers: a terse way to write histories, an independent witness check, and a
// generator of histories from a real sequential execution.
//
// - `HistoryBuilder` writes operations as intervals of plain integers (times in ns).
// - `witness_error` checks one key's linearization returned by the checker against the
//   history without using the checker's model: it must hold every operation on the key
//   (except pending reads, which the checker drops) once, respect real time, and replaying it
//   on a std::map must give every client's answer (values, found, CAS outcomes; revisions
//   are not replayed). It skips CompareAndSet on mod_revision (returns nullopt when one is
//   present), whose outcome the map cannot know without revisions.
// - `generate_history` runs a correct in-memory store one operation at a time and gives
//   each operation an interval around the instant it took effect, so the result is
//   linearizable by construction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/checker/kv_operation.h"
#include "sim/random.h"

namespace kcsim::checker::testing {

class HistoryBuilder {
 public:
  HistoryBuilder& put(std::int64_t client, sim::Time call, sim::Time ret, std::string key,
                      std::string value);
  HistoryBuilder& put_rev(std::int64_t client, sim::Time call, sim::Time ret, std::string key,
                          std::string value, Revision revision);
  HistoryBuilder& get(std::int64_t client, sim::Time call, sim::Time ret, std::string key,
                      std::optional<std::string> value);
  HistoryBuilder& get_rev(std::int64_t client, sim::Time call, sim::Time ret, std::string key,
                          std::string value, Revision mod_revision);
  HistoryBuilder& remove(std::int64_t client, sim::Time call, sim::Time ret, std::string key);
  HistoryBuilder& cas(std::int64_t client, sim::Time call, sim::Time ret, KvInput input,
                      bool succeeded);
  // An operation that never returned.
  HistoryBuilder& pending(std::int64_t client, sim::Time call, KvInput input);
  HistoryBuilder& add(Operation operation);

  const History& history() const { return history_; }

 private:
  History history_;
};

std::optional<std::string> witness_error(const History& history, const std::string& key,
                                         const std::vector<std::size_t>& order);

// Checks that `order` is a legal prefix of some linearization of the key's operations:
// as witness_error, except that it need not hold every operation; it must hold every
// operation that returned before one of its operations was called.
std::optional<std::string> prefix_error(const History& history, const std::string& key,
                                        const std::vector<std::size_t>& order);

struct GeneratorOptions {
  std::size_t operations = 60;
  std::size_t clients = 4;
  std::size_t keys = 2;
  sim::Time max_half_width = 30;  // an interval reaches this far either side of its instant
  sim::Time max_gap = 10;         // between successive instants
  double pending_probability = 0.05;
  bool record_revisions = true;
  bool use_mod_revision_cas = true;
};

History generate_history(sim::Rng& rng, const GeneratorOptions& options);

}  // namespace kcsim::checker::testing
