#include "tools/run_report.h"

#include <fmt/format.h>

#include <fstream>
#include <ostream>

#include "reports/output/metrics_csv.h"
#include "reports/output/summary_json.h"
#include "tools/cli_values.h"
#include "tools/commands.h"

namespace kcsim::tools {

void print_checks(const runner::RunResult& result, std::ostream& out, bool failed_only) {
  for (const scenario::CheckResult& check : result.checks) {
    if (failed_only && check.passed) continue;
    out << fmt::format("  {} {}: {}\n", check_word(check.status), check.name, check.detail);
  }
}

void print_digest(const runner::RunResult& result, std::ostream& out) {
  for (const std::string& line : result.digest)
    out << "  " << line << '\n';
}

reports::Provenance provenance(const std::vector<std::string>& sets) {
  return reports::Provenance{KCSIM_VERSION, KCSIM_GIT_COMMIT, sets};
}

std::string version_text() {
  return std::string("kcsim ") + KCSIM_VERSION + " (commit " + KCSIM_GIT_COMMIT + ")";
}

std::string replay_command(const std::string& file, const runner::RunResult& result,
                           const std::vector<std::string>& sets, const std::string& out_dir) {
  std::string command = "kcsim run " + shell_quote(file) + " --seed " + std::to_string(result.seed);
  for (const std::string& set : sets)
    command += " --set " + shell_quote(set);
  if (!out_dir.empty()) command += " --out " + shell_quote(out_dir) + " --trace";
  return command;
}

bool write_run_outputs(const std::string& dir, const runner::RunResult& result,
                       const reports::Provenance& provenance) {
  std::ofstream summary(dir + "/summary.json");
  summary << reports::summary_json(result, provenance).dump(2) << '\n';
  std::ofstream csv(dir + "/metrics.csv");
  if (result.metrics) reports::write_metrics_csv(*result.metrics, csv);
  bool ok = summary.good() && csv.good();
  for (const component::RunOutput& output : result.outputs) {
    // The components' own files (etcd, with --history: the clients' history in
    // Porcupine's form).
    std::ofstream file(dir + "/" + output.file);
    file << output.text();
    ok = ok && file.good();
  }
  return ok;
}

}  // namespace kcsim::tools
