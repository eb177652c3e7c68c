#include "run/plan_runner.h"

#include <ostream>

#include "experiment/run_pool.h"
#include "run/scenario_run.h"

namespace relaysim::run {
namespace {

experiment::RunOutcome run_one(const experiment::LoadedPlan& loaded, std::size_t run, const PlanRunOptions& options) {
  const experiment::PlannedRun& planned = loaded.plan.runs.at(run);
  const experiment::Configuration& c = loaded.plan.configurations.at(planned.configuration);
  scenario::ScenarioSpec spec = loaded.specs.at(planned.configuration);
  spec.seed = planned.seed;
  RunOptions o;
  o.until = loaded.plan.until;
  o.variant = experiment::configuration_label(loaded.plan, c);
  o.trace = false;
  o.catalog = options.catalog;
  o.transcripts.mode = report::TranscriptChoice::Mode::None;
  if (options.run_folders && planned.replication == 0) {
    o.out_dir = *options.run_folders / c.variant;
    o.trace = true;
    o.transcripts.mode = report::TranscriptChoice::Mode::Sample;
  }
  RunResult result = run_scenario(spec, o);
  return {run, std::move(result.metrics), std::move(result.metrics_csv)};
}

}  // namespace

std::vector<experiment::RunOutcome> run_plan(const experiment::LoadedPlan& loaded, const std::vector<std::size_t>& runs,
                                             const PlanRunOptions& options, std::ostream& err) {
  std::vector<experiment::RunOutcome> outcomes(runs.size());
  const auto progress = [&](std::size_t finished) {
    err << "\r" << options.catalog.tr("runs: {1} of {2}", {std::to_string(finished), std::to_string(runs.size())})
        << std::flush;
    if (finished == runs.size()) err << "\n";
  };
  experiment::run_parallel(
      runs.size(), options.jobs, [&](std::size_t i) { outcomes[i] = run_one(loaded, runs[i], options); },
      options.progress ? std::function<void(std::size_t)>(progress) : std::function<void(std::size_t)>());
  return outcomes;
}

}  // namespace relaysim::run
