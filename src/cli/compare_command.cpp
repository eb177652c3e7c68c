// relaysim compare: several scenarios run alike, their metrics side by side with differences
// from the first, and (with --out) side-by-side flow maps of the first against each other.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/experiment_args.h"
#include "cli/shipped_lessons.h"
#include "experiment/output_set.h"
#include "experiment/plan_json.h"
#include "experiment/result_files.h"
#include "experiment/summary.h"
#include "experiment/tables.h"
#include "run/plan_runner.h"
#include "scenario/scenario_loader.h"
#include "viz/diagram_set.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

po::options_description compare_options() {
  po::options_description options(
      "relaysim compare SCENARIO SCENARIO... [options]\n\nRuns each scenario (as written, without its "
      "experiment: section) and prints their metrics side by side, with each one's difference from the first. "
      "With --out DIR: comparison.csv, runs.csv, metrics.csv, plan.json, each scenario's run folder and "
      "diagrams/compare-FIRST-vs-OTHER.svg (flow maps side by side)");
  options.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>()->value_name("DIR"), "write the comparison and diagrams here")
      ("no-diagrams", "with --out, do not draw the side-by-side diagrams");
  add_common_options(options);
  return options;
}

// compare-FIRST-vs-OTHER.svg for each scenario after the first, from their run folders.
int draw_comparisons(const experiment::Plan& plan, const fs::path& dir, const text::Catalog& catalog,
                     std::ostream& out, std::ostream& err) {
  try {
    viz::Context context;
    const viz::RunRecord first = viz::load_run(dir / plan.configurations[0].variant);
    for (std::size_t c = 1; c < plan.configurations.size(); ++c) {
      const std::string& other = plan.configurations[c].variant;
      viz::DiagramRequest request;
      request.compare = dir / other;
      request.catalog = catalog;
      const fs::path file = dir / "diagrams" / ("compare-" + plan.configurations[0].variant + "-vs-" + other + ".svg");
      fs::create_directories(file.parent_path());
      for (const auto& d : viz::render_diagrams(context, first, request, file.parent_path(), file)) {
        out << "  " << d.file.string() << "  (" << d.what << ")\n";
      }
    }
  } catch (const std::exception& e) {  // GraphvizError, RunRecordError: the runs wrote those folders
    err << "relaysim compare: diagrams: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

int compare(const std::vector<std::string>& files, const CommonOptions& common, const std::optional<fs::path>& dir,
            bool diagrams, std::ostream& out, std::ostream& err) {
  experiment::LoadedPlan loaded;
  try {
    loaded = experiment::plan_comparison(files, common.set, common.replications.value_or(1), common.limits);
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << "\n";
    return kExitBadInput;
  }
  err << scenario::format_warnings(loaded.specs, common.catalog);
  std::vector<std::size_t> runs(loaded.plan.runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) runs[i] = i;
  const bool progress = !common.quiet && isatty(STDERR_FILENO);
  try {
    const auto outcomes = run::run_plan(loaded, runs, {common.jobs, progress, dir, common.catalog}, err);
    const experiment::Summary summary = experiment::summarize(loaded.plan, outcomes);
    if (dir) {
      experiment::OutputFiles written = {{"plan.json", experiment::plan_json(loaded.plan)},
                                         {"comparison.csv", experiment::comparison_csv(loaded.plan, summary)},
                                         {"runs.csv", experiment::runs_csv(loaded.plan, outcomes)}};
      if (auto m = experiment::metrics_csv(outcomes); !m.empty()) written.emplace_back("metrics.csv", std::move(m));
      experiment::write_output_files(*dir, written);
    }
    if (!common.quiet) out << experiment::comparison_table(loaded.plan, summary, common.catalog);
  } catch (const std::exception& e) {
    err << "relaysim compare: " << e.what() << "\n";
    return kExitFailure;
  }
  if (!dir) return kExitOk;
  if (!common.quiet) {
    out << "\n"
        << common.catalog.tr("Outputs in {1}/: comparison.csv runs.csv metrics.csv plan.json, a run folder per scenario",
                             {dir->string()})
        << "\n";
  }
  if (!diagrams) return kExitOk;
  std::ostringstream quiet_out;
  return draw_comparisons(loaded.plan, *dir, common.catalog, common.quiet ? quiet_out : out, err);
}

}  // namespace

int compare_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description options = compare_options();
  int status = kExitOk;
  const auto line = parse_command_line("compare", options, args, out, err, status);
  if (!line) return status;
  const po::variables_map& vm = line->options;
  if (line->inputs.size() < 2) {
    return usage_error("compare", "expected two or more scenario files", err);
  }
  CommonOptions common;
  if (std::string error; !read_common_options(vm, common, error)) {
    err << "relaysim compare: " << error << "\n";
    return kExitBadInput;
  }
  std::optional<fs::path> dir;
  if (vm.count("out")) dir = vm["out"].as<std::string>();
  return compare(scenario_files(line->inputs), common, dir, vm.count("no-diagrams") == 0, out, err);
}

}  // namespace relaysim::cli
