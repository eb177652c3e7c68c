#include "experiment/output_set.h"

#include <algorithm>

#include "experiment/plan_json.h"
#include "experiment/result_files.h"
#include "report/atomic_file.h"

namespace relaysim::experiment {
namespace {

// Every file name an experiment, a shard or a comparison writes.
constexpr const char* kKnownFiles[] = {"plan.json", "shard.json", "runs.csv", "summary.csv", "metrics.csv",
                                       "comparison.csv"};

void add_metrics(OutputFiles& files, const std::vector<RunOutcome>& outcomes) {
  std::string text = metrics_csv(outcomes);
  if (!text.empty()) files.emplace_back("metrics.csv", std::move(text));
}

}  // namespace

OutputFiles full_results(const Plan& plan, const std::vector<RunOutcome>& outcomes) {
  OutputFiles files = {{"plan.json", plan_json(plan)},
                       {"runs.csv", runs_csv(plan, outcomes)},
                       {"summary.csv", summary_csv(plan, summarize(plan, outcomes))}};
  add_metrics(files, outcomes);
  return files;
}

OutputFiles shard_results(const Plan& plan, const Shard& shard, const std::vector<RunOutcome>& outcomes) {
  const std::string plan_text = plan_json(plan);
  OutputFiles files = {{"plan.json", plan_text},
                       {"shard.json", shard_json(shard_record(shard, plan_text, outcomes))},
                       {"runs.csv", runs_csv(plan, outcomes)}};
  add_metrics(files, outcomes);
  return files;
}

void write_output_files(const std::filesystem::path& dir, const OutputFiles& files) {
  std::filesystem::create_directories(dir);
  for (const auto& [name, text] : files) report::write_file_atomically(dir / name, text);
  for (const char* known : kKnownFiles) {
    const auto same = [&](const auto& file) { return file.first == known; };
    if (std::none_of(files.begin(), files.end(), same)) std::filesystem::remove(dir / known);
  }
}

std::string output_list(const std::filesystem::path& dir, const OutputFiles& files, const text::Catalog& tr) {
  std::string line = tr.tr("Outputs in {1}/:", {dir.string()});
  for (const auto& file : files) line += " " + file.first;
  return line + "\n";
}

}  // namespace relaysim::experiment
