#include "reports/diff/trace_diff.h"

#include <charconv>
#include <deque>
#include <istream>

namespace kcsim::reports {
namespace {

bool next_kept(std::istream& in, std::string& line, const LineFilter& keep) {
  while (std::getline(in, line)) {
    if (!keep || keep(line)) return true;
  }
  return false;
}

void read_after(std::istream& in, std::string first, bool has_first, std::size_t context,
                const LineFilter& keep, std::vector<std::string>& out) {
  if (!has_first) return;
  out.push_back(std::move(first));
  std::string line;
  while (out.size() < context && next_kept(in, line, keep))
    out.push_back(line);
}

}  // namespace

TraceDivergence first_divergence(std::istream& a, std::istream& b, std::size_t context,
                                 const LineFilter& keep) {
  TraceDivergence result;
  std::deque<std::string> before;
  std::string line_a;
  std::string line_b;
  for (;;) {
    const bool has_a = next_kept(a, line_a, keep);
    const bool has_b = next_kept(b, line_b, keep);
    if (!has_a && !has_b) {
      result.same = true;
      break;
    }
    if (has_a && has_b && line_a == line_b) {
      ++result.index;
      before.push_back(line_a);
      if (before.size() > context) before.pop_front();
      continue;
    }
    read_after(a, line_a, has_a, context, keep, result.a_after);
    read_after(b, line_b, has_b, context, keep, result.b_after);
    break;
  }
  result.before.assign(before.begin(), before.end());
  return result;
}

bool is_model_event(std::string_view line) {
  return line.find(R"("kind":"note")") != std::string_view::npos ||
         line.find(R"("kind":"fault")") != std::string_view::npos;
}

long long trace_time(std::string_view line) {
  constexpr std::string_view kKey = R"("t":)";
  const std::size_t at = line.find(kKey);
  if (at == std::string_view::npos) return -1;
  long long t = -1;
  const char* begin = line.data() + at + kKey.size();
  if (std::from_chars(begin, line.data() + line.size(), t).ec != std::errc{}) return -1;
  return t;
}

}  // namespace kcsim::reports
