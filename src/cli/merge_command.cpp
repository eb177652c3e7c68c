// relaysim merge: the shard folders of one experiment back into its full results, byte-identical
// to an unsharded run.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "experiment/merge.h"
#include "experiment/output_set.h"
#include "experiment/plan_json.h"
#include "experiment/summary.h"
#include "experiment/tables.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

po::options_description merge_options() {
  po::options_description options(
      "relaysim merge SHARD_DIR... --out DIR\n\nCombines the folders written by relaysim experiment --shard K/N "
      "(every shard of one experiment, each once) into DIR: the plan.json, runs.csv, summary.csv and metrics.csv "
      "an unsharded run would have written");
  options.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>()->value_name("DIR"), "output folder (required; not one of the shards)")
      ("quiet,q", "print nothing on success (errors still go to stderr)");
  add_language_option(options);
  return options;
}

bool same_folder(const fs::path& a, const fs::path& b) {
  std::error_code ignored;
  return fs::weakly_canonical(a, ignored) == fs::weakly_canonical(b, ignored);
}

int merge(const std::vector<fs::path>& dirs, const fs::path& out_dir, bool quiet, const text::Catalog& tr,
          std::ostream& out, std::ostream& err) {
  for (const fs::path& dir : dirs) {
    if (same_folder(dir, out_dir)) {
      err << "relaysim merge: --out " << out_dir.string() << " is one of the shards; choose another folder\n";
      return kExitBadInput;
    }
  }
  experiment::MergedRuns merged;
  try {
    merged = experiment::merge_shards(dirs);
  } catch (const std::runtime_error& e) {  // MergeError, PlanFileError
    err << "relaysim merge: " << e.what() << "\n";
    return kExitBadInput;
  }
  try {
    const auto files = experiment::full_results(merged.plan, merged.outcomes);
    experiment::write_output_files(out_dir, files);
    if (quiet) return kExitOk;
    out << tr.tr_n("Merged {1} shard", "Merged {1} shards", dirs.size()) << ": "
        << tr.tr_n("{1} run", "{1} runs", merged.outcomes.size()) << "\n\n"
        << experiment::summary_table(merged.plan, experiment::summarize(merged.plan, merged.outcomes), tr) << "\n"
        << experiment::output_list(out_dir, files, tr);
  } catch (const std::exception& e) {
    err << "relaysim merge: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description options = merge_options();
  int status = kExitOk;
  const auto line = parse_command_line("merge", options, args, out, err, status);
  if (!line) return status;
  const po::variables_map& vm = line->options;
  if (line->inputs.empty() || !vm.count("out")) {
    return usage_error("merge", "expected shard folders and --out DIR", err);
  }
  const auto catalog = language_catalog("merge", vm, err);
  if (!catalog) return kExitBadInput;
  const auto names = line->inputs;
  return merge(std::vector<fs::path>(names.begin(), names.end()), vm["out"].as<std::string>(), vm.count("quiet") > 0,
               *catalog, out, err);
}

}  // namespace relaysim::cli
