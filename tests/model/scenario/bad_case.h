// A scenario text that must fail to parse, and where its error must point: shared by
// the parser's error tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "model/scenario/load.h"

namespace kcsim::scenario::testing {

struct BadCase {
  const char* label;
  std::string text;
  int line;
  const char* at;  // the error's column is where this starts on `line`
  const char* key_path;
  const char* message_fragment;
};

// The 1-based column where `snippet` starts on 1-based `line` of `text`, or -1.
inline int column_of(const std::string& text, int line, std::string_view snippet) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string::npos) return -1;
    ++start;
  }
  const std::size_t end = text.find('\n', start);
  const std::string_view line_text = std::string_view(text).substr(
      start, end == std::string::npos ? std::string::npos : end - start);
  const std::size_t found = line_text.find(snippet);
  return found == std::string_view::npos ? -1 : static_cast<int>(found) + 1;
}

// The case fails to parse with the file, line, column, key path and message it names.
inline void expect_points_at_the_problem(const BadCase& c) {
  const Result<Scenario, ScenarioError> result = parse_scenario(c.text, "bad.yaml");
  ASSERT_FALSE(result.ok()) << c.label << ": parsed, but should not have";
  const ScenarioError& e = result.error();
  const int column = column_of(c.text, c.line, c.at);
  ASSERT_GT(column, 0) << c.label << ": test bug, snippet not on line";
  EXPECT_EQ(e.file, "bad.yaml") << c.label;
  EXPECT_EQ(e.line, c.line) << c.label << ": " << e.format();
  EXPECT_EQ(e.column, column) << c.label << ": " << e.format();
  EXPECT_EQ(e.key_path, c.key_path) << c.label << ": " << e.format();
  EXPECT_NE(e.message.find(c.message_fragment), std::string::npos) << c.label << ": " << e.format();
}

// A test name made of the case's label ("add of an initial member" ->
// add_of_an_initial_member).
inline std::string bad_case_name(const ::testing::TestParamInfo<BadCase>& info) {
  std::string name;
  for (const char* p = info.param.label; *p != '\0'; ++p) {
    const char c = *p;
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    name += alnum ? c : '_';
  }
  return name;
}

}  // namespace kcsim::scenario::testing
