#include "tools/cli_values.h"

#include <filesystem>

#include "model/scenario/units.h"

namespace kcsim::tools {
namespace fs = std::filesystem;

std::optional<std::uint64_t> parse_seed(std::string_view text, std::string& error) {
  const std::optional<std::uint64_t> seed = scenario::parse_unsigned(text);
  if (!seed) {
    error = "--seed: expected a whole number from 0 to 18446744073709551615, found \"" +
            std::string(text) + "\"";
  }
  return seed;
}

namespace {

// Removes the kcsim outputs in `dir` (not recursing); false with `error` on failure.
bool remove_outputs(const fs::path& dir, std::span<const std::string_view> names,
                    std::string& error) {
  std::error_code ec;
  for (std::string_view name : names) {
    const fs::path file = dir / name;
    if (!fs::is_regular_file(file, ec)) continue;
    if (!fs::remove(file, ec)) {
      error = file.string() + ": cannot remove the output of an earlier run: " + ec.message();
      return false;
    }
  }
  return true;
}

}  // namespace

std::string prepare_out_dir(const std::string& dir, std::span<const std::string_view> stale) {
  if (dir.empty()) return "--out: expected a folder, found \"\"";
  if (dir[0] == '-') {
    return "--out: \"" + dir + "\" looks like a flag, not a folder (was the folder forgotten?)";
  }
  std::error_code ec;
  const fs::path path(dir);
  if (fs::exists(path, ec) && !fs::is_directory(path, ec)) {
    return "--out: " + dir + " is a file, not a folder";
  }
  fs::create_directories(path, ec);
  if (ec) return "--out: cannot create " + dir + ": " + ec.message();
  std::string error;
  if (!remove_outputs(path, stale, error)) return error;
  const fs::path failed = path / kFailedRunsDir;
  if (fs::is_directory(failed, ec)) {
    for (const auto& entry : fs::directory_iterator(failed, ec)) {
      if (!entry.is_directory()) continue;
      if (!remove_outputs(entry.path(), kOutputFiles, error)) return error;
      fs::remove(entry.path(), ec);  // only if now empty
    }
    fs::remove(failed, ec);  // only if now empty
  }
  return "";
}

std::string shell_quote(std::string_view text) {
  bool plain = !text.empty();
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '.' || c == '_' || c == '-' || c == '=' || c == ':' ||
                    c == ',' || c == '+';
    plain = plain && ok;
  }
  if (plain) return std::string(text);
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace kcsim::tools
