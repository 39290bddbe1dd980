#include "model/checker/porcupine_json.h"

#include <gtest/gtest.h>

#include "model/checker/linearizability.h"
#include "tests/model/checker/history_builder.h"

namespace kcsim::checker {
namespace {

using nlohmann::json;
using testing::HistoryBuilder;

TEST(PorcupineJson, WritesPorcupinesOperationFields) {
  HistoryBuilder h;
  h.put_rev(7, 100, 200, "x", "a", 5).get(8, 300, 400, "x", std::nullopt);
  const json out = to_porcupine_json(h.history());
  ASSERT_TRUE(out.is_array());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], json::parse(R"({"ClientId": 7, "Call": 100, "Return": 200,
      "Input": {"Op": "put", "Key": "x", "Value": "a"}, "Output": {"Revision": 5}})"));
  EXPECT_EQ(out[1], json::parse(R"({"ClientId": 8, "Call": 300, "Return": 400,
      "Input": {"Op": "get", "Key": "x"}, "Output": {"Found": false}})"));
}

TEST(PorcupineJson, APendingOperationReturnsAtMaxInt64) {
  HistoryBuilder h;
  h.pending(1, 50, KvInput::cas_mod_revision("x", 4, "b"));
  const json out = to_porcupine_json(h.history());
  EXPECT_EQ(out[0]["Return"].get<std::int64_t>(), INT64_MAX);
  EXPECT_EQ(out[0]["Output"], json::parse(R"({"Pending": true})"));
  EXPECT_EQ(out[0]["Input"], json::parse(R"({"Op": "cas", "Key": "x", "Value": "b",
      "Compare": "mod_revision", "ExpectedModRevision": 4})"));
}

TEST(PorcupineJson, CompareAndSetForms) {
  HistoryBuilder h;
  h.cas(1, 0, 10, KvInput::cas_value("x", "a", "b"), false);
  h.cas(1, 20, 30, KvInput::cas_absent("x", "c"), true);
  const json out = to_porcupine_json(h.history());
  EXPECT_EQ(out[0]["Input"], json::parse(R"({"Op": "cas", "Key": "x", "Value": "b",
      "Compare": "value", "Expected": "a"})"));
  EXPECT_EQ(out[0]["Output"], json::parse(R"({"Succeeded": false})"));
  EXPECT_EQ(out[1]["Input"]["Compare"], "absent");
  EXPECT_FALSE(out[1]["Input"].contains("Expected"));
}

TEST(PorcupineJson, RandomHistoriesSurviveTheRoundTrip) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    sim::Rng rng = sim::Rng::stream(seed, "checker/json");
    testing::GeneratorOptions options;
    options.record_revisions = seed % 2 == 0;
    const History history = testing::generate_history(rng, options);
    const json out = to_porcupine_json(history);
    const ParsedHistory parsed = from_porcupine_json(json::parse(out.dump()));
    ASSERT_FALSE(parsed.error.has_value()) << *parsed.error;
    ASSERT_EQ(parsed.history.size(), history.size());
    // Equal again in JSON form, and equally judged.
    EXPECT_EQ(to_porcupine_json(parsed.history), out);
    EXPECT_EQ(check_linearizable(parsed.history).verdict, check_linearizable(history).verdict);
  }
}

TEST(PorcupineJson, ReadingRejectsWhatItDoesNotKnow) {
  const auto error_of = [](const char* text) {
    return from_porcupine_json(json::parse(text)).error.value_or("");
  };
  EXPECT_NE(error_of(R"({"a": 1})").find("array"), std::string::npos);
  const std::string unknown_op = error_of(R"([
      {"ClientId": 1, "Call": 0, "Return": 1, "Input": {"Op": "get", "Key": "x"},
       "Output": {"Found": false}},
      {"ClientId": 1, "Call": 2, "Return": 3, "Input": {"Op": "append", "Key": "x"},
       "Output": {}}])");
  EXPECT_NE(unknown_op.find("operation 1"), std::string::npos);
  EXPECT_NE(unknown_op.find("append"), std::string::npos);
  EXPECT_NE(error_of(R"([{"ClientId": 1, "Call": 0, "Return": 1,
      "Input": {"Op": "get", "Key": "x"}, "Output": {"Found": "yes"}}])")
                .find("\"Found\" must be a boolean"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"ClientId": 1, "Call": 0, "Input": {"Op": "get", "Key": "x"},
      "Output": {"Found": false}}])")
                .find("missing \"Return\""),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"ClientId": 1, "Call": 0, "Return": 5,
      "Input": {"Op": "put", "Key": "x", "Value": "a"}, "Output": {"Pending": true}}])")
                .find("pending"),
            std::string::npos);
}

}  // namespace
}  // namespace kcsim::checker
