// kcsim check-history FILE: the linearizability checker over a history exported by
// `kcsim run --history` (history.porcupine.json), or any history in that JSON form
// (model/checker/porcupine_json.h), so that a history from elsewhere can be checked too.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "model/checker/linearizability.h"
#include "model/checker/porcupine_json.h"
#include "tools/commands.h"

namespace kcsim::tools {

int check_history_command(const CheckHistoryArgs& args) {
  std::ifstream file(args.file);
  if (!file) {
    std::cerr << "kcsim check-history: " << args.file << ": cannot open the file\n";
    return kExitBadInput;
  }
  std::stringstream text;
  text << file.rdbuf();
  const nlohmann::json json =
      nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    std::cerr << "kcsim check-history: " << args.file
              << ": not JSON; expected a history in Porcupine's form, a JSON array of "
                 "{\"ClientId\", \"Input\", \"Call\", \"Output\", \"Return\"} objects\n";
    return kExitBadInput;
  }
  const checker::ParsedHistory parsed = checker::from_porcupine_json(json);
  if (parsed.error) {
    std::cerr << "kcsim check-history: " << args.file << ": " << *parsed.error << '\n';
    return kExitBadInput;
  }
  checker::CheckOptions options;
  if (args.max_steps_per_key > 0) options.max_steps_per_key = args.max_steps_per_key;
  if (args.max_cache_mib_per_key > 0) {
    options.max_cache_bytes_per_key = static_cast<std::size_t>(args.max_cache_mib_per_key) << 20;
  }
  const checker::CheckResult result = checker::check_linearizable(parsed.history, options);
  if (result.error) {
    std::cerr << "kcsim check-history: " << args.file << ": " << *result.error << '\n';
    return kExitBadInput;
  }
  std::size_t pending = 0;
  for (const checker::Operation& operation : parsed.history)
    pending += operation.pending() ? 1 : 0;
  std::cout << fmt::format("{}: {} operations ({} pending) on {} keys, {} search steps\n",
                           args.file, parsed.history.size(), pending, result.keys.size(),
                           result.steps);
  switch (result.verdict) {
    case checker::Verdict::kOk:
      std::cout << "linearizable\n";
      return kExitPassed;
    case checker::Verdict::kIllegal:
      std::cout << "not linearizable\n" << result.explanation << '\n';
      return kExitCheckFailed;
    case checker::Verdict::kUnknown:
      std::cout << "undecided: the search hit its bound before a verdict (raise "
                   "--max-steps-per-key or --max-cache-mib-per-key)\n"
                << result.explanation << '\n';
      return kExitCheckFailed;
  }
  return kExitCheckFailed;
}

}  // namespace kcsim::tools
