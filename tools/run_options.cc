// The run command's report options, kept apart from main.cc's other flags.
#include <CLI/CLI.hpp>

#include "tools/commands.h"

namespace kcsim::tools {

void add_run_report_options(::CLI::App& run_cmd, RunArgs& args) {
  run_cmd
      .add_option_function<std::string>(
          "--trace",
          [&args](const std::string& format) {
            args.trace = true;
            args.trace_format = format.empty() ? "jsonl" : format;
          },
          "Also write the trace into the --out DIR: jsonl (trace.jsonl, the default) or "
          "perfetto (trace.perfetto.json, Chrome's trace-event JSON for ui.perfetto.dev)")
      ->expected(0, 1)
      ->check(::CLI::IsMember({"", "jsonl", "perfetto"}));
  run_cmd.add_option("--seeds", args.seeds,
                     "Run every seed A..B (each on its own thread) and aggregate: seeds.csv, "
                     "summary.json and report.html in the --out DIR");
  run_cmd.add_option("--jobs", args.jobs, "Threads for --seeds (default: one per core)");
}

}  // namespace kcsim::tools
