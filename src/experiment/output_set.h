// The set of files an experiment writes into its folder, built whole before any is written: a
// full result (unsharded run or merge) or one shard's part. Each file is written atomically.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "experiment/plan.h"
#include "experiment/run_outcome.h"
#include "experiment/shard.h"
#include "text/catalog.h"

namespace relaysim::experiment {

using OutputFiles = std::vector<std::pair<std::string, std::string>>;  // file name, content

// plan.json, runs.csv, summary.csv and metrics.csv (when any run wrote metrics.csv rows).
// `outcomes` are every run of the plan, in run order.
OutputFiles full_results(const Plan& plan, const std::vector<RunOutcome>& outcomes);

// plan.json, shard.json, runs.csv and metrics.csv for the shard's runs (no summary: it needs all).
OutputFiles shard_results(const Plan& plan, const Shard& shard, const std::vector<RunOutcome>& outcomes);

// Writes `files` into `dir` (created when missing) and removes the experiment files of `dir` not
// among them, so that nothing there describes another experiment. Throws std::runtime_error.
void write_output_files(const std::filesystem::path& dir, const OutputFiles& files);

// "Outputs in DIR/: plan.json runs.csv ...", the line that ends a command's report.
std::string output_list(const std::filesystem::path& dir, const OutputFiles& files, const text::Catalog& tr);

}  // namespace relaysim::experiment
