// Runs every testdata/*.txt script (etcd-io/raft's datadriven style) against an
// InteractionEnv and compares each command's trace with the expected text below
// it. With KCSIM_REWRITE=1 the expected texts are rewritten from the actual run:
// review the diff by hand, it must read as correct Raft behaviour.
//
// File format: a command line, a line "----", the expected output, a blank line.
// Lines starting with '#' and blank lines between cases are kept as comments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/model/etcd/raft/interaction_env.h"

namespace kcsim::etcd::raft::testing {
namespace {

struct Case {
  std::vector<std::string> preamble;  // comments and blank lines before the command
  std::string command;
  std::string expected;
  int line = 0;
};

std::vector<Case> parse_script(const std::string& text) {
  std::vector<Case> cases;
  std::vector<std::string> lines;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    lines.push_back(line);
  Case current;
  std::size_t i = 0;
  while (i < lines.size()) {
    const std::string& line = lines[i];
    if (line.empty() || line[0] == '#') {
      current.preamble.push_back(line);
      ++i;
      continue;
    }
    current.command = line;
    current.line = static_cast<int>(i + 1);
    ++i;
    if (i < lines.size() && lines[i] == "----") ++i;
    while (i < lines.size() && !lines[i].empty())
      current.expected += lines[i++] + "\n";
    if (i < lines.size()) ++i;  // the blank line that ends the case
    cases.push_back(std::move(current));
    current = Case{};
  }
  if (!current.preamble.empty()) cases.push_back(std::move(current));  // trailing comments
  return cases;
}

std::string render(const std::vector<Case>& cases) {
  std::string out;
  for (const Case& c : cases) {
    for (const std::string& line : c.preamble)
      out += line + "\n";
    if (c.command.empty()) continue;
    out += c.command + "\n----\n" + c.expected + "\n";
  }
  while (out.size() >= 2 && out.substr(out.size() - 2) == "\n\n")
    out.pop_back();
  return out;
}

std::filesystem::path testdata_dir() {
  const char* root = std::getenv("KCSIM_SOURCE_DIR");
  std::filesystem::path base = root != nullptr ? root : KCSIM_SOURCE_DIR;
  return base / "tests/model/etcd/raft/testdata";
}

std::vector<std::string> script_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(testdata_dir())) {
    if (entry.path().extension() == ".txt") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class RaftScript : public ::testing::TestWithParam<std::string> {};

TEST_P(RaftScript, MatchesExpectedTrace) {
  const std::filesystem::path path = testdata_dir() / (GetParam() + ".txt");
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::vector<Case> cases = parse_script(buffer.str());
  const char* rewrite_env = std::getenv("KCSIM_REWRITE");
  const bool rewrite = rewrite_env != nullptr && std::string(rewrite_env) == "1";

  InteractionEnv env(/*seed=*/1);
  for (Case& c : cases) {
    if (c.command.empty()) continue;
    const std::optional<Command> command = parse_command(c.command);
    ASSERT_TRUE(command.has_value()) << path << ":" << c.line;
    std::string actual = env.handle(*command);
    // A blank line would end the case: keep outputs free of them.
    for (std::size_t pos; (pos = actual.find("\n\n")) != std::string::npos;)
      actual.erase(pos, 1);
    if (rewrite) {
      c.expected = actual;
    } else {
      EXPECT_EQ(c.expected, actual) << path.string() << ":" << c.line << ": " << c.command;
    }
  }
  EXPECT_TRUE(env.checker().ok()) << path;
  if (rewrite) {
    std::ofstream out(path);
    out << render(cases);
  }
}

INSTANTIATE_TEST_SUITE_P(Testdata, RaftScript, ::testing::ValuesIn(script_names()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace kcsim::etcd::raft::testing
