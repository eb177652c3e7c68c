// relaysim experiment: a scenario's variants x sweep points x replications, run in parallel,
// summarised with confidence intervals; or one shard of them for a cluster.
#include <unistd.h>

#include <iostream>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/experiment_args.h"
#include "cli/shipped_lessons.h"
#include "experiment/output_set.h"
#include "experiment/summary.h"
#include "experiment/tables.h"
#include "run/plan_runner.h"
#include "scenario/scenario_loader.h"

namespace relaysim::cli {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

po::options_description experiment_options() {
  po::options_description options(
      "relaysim experiment SCENARIO --out DIR [options]\n\nRuns every variant at every sweep point, each R times "
      "with independent seeds (from the scenario's experiment: section and the options below), and writes "
      "runs.csv, summary.csv (mean and 95 % confidence interval of every metric), metrics.csv and plan.json into "
      "DIR. See docs/experiments.md");
  options.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>()->value_name("DIR"), "output folder (required)")
      ("sweep", po::value<std::vector<std::string>>()->value_name("PATH=V1,V2,..."),
       "run each of these values of PATH (repeatable; replaces the file's sweep of the same PATH)")
      ("variant", po::value<std::vector<std::string>>()->value_name("NAME[:PATH=VALUE,...]"),
       "run only these variants of the file, in this order, or define one here (repeatable)")
      ("shard", po::value<std::string>()->value_name("K/N"),
       "run only the runs whose number modulo N is K (K from 0 to N-1, e.g. $SLURM_ARRAY_TASK_ID); "
       "combine the shards' folders with relaysim merge")
      ("dry-run", "load and check every configuration and print the plan; run and write nothing");
  add_common_options(options);
  return options;
}

struct Request {
  experiment::ExperimentRequest plan;
  CommonOptions common;
  std::optional<experiment::Shard> shard;
  fs::path out;
  bool dry_run = false;
};

// Fills `r` from the options; an error text when they make no sense.
std::string interpret(const po::variables_map& vm, Request& r) {
  std::string error;
  if (!read_common_options(vm, r.common, error)) return error;
  r.plan.set = r.common.set;
  r.plan.replications = r.common.replications;
  r.plan.limits = r.common.limits;
  if (vm.count("sweep") &&
      !parse_sweep_options(vm["sweep"].as<std::vector<std::string>>(), r.plan.sweep, error, r.common.catalog)) {
    return error;
  }
  if (vm.count("variant") &&
      !parse_variant_options(vm["variant"].as<std::vector<std::string>>(), r.plan.variants, error, r.common.catalog)) {
    return error;
  }
  if (vm.count("shard")) {
    r.shard = experiment::parse_shard(vm["shard"].as<std::string>(), error);
    if (!r.shard) return "--shard: " + error;
  }
  r.dry_run = vm.count("dry-run") > 0;
  if (!vm.count("out") && !r.dry_run) return "--out DIR is required: the folder for the results";
  if (vm.count("out")) r.out = vm["out"].as<std::string>();
  return "";
}

// Beyond this, the plan lists its first configurations only: a terminal shows no more.
constexpr std::size_t kListed = 20;

void print_plan(std::ostream& out, const experiment::LoadedPlan& loaded, std::size_t listed, const text::Catalog& tr) {
  const experiment::Plan& plan = loaded.plan;
  out << tr.tr_n("{1} configuration", "{1} configurations", plan.configurations.size()) << " x "
      << tr.tr_n("{1} replication", "{1} replications", plan.replications) << " = "
      << tr.tr_n("{1} run", "{1} runs", plan.runs.size()) << "\n";
  for (std::size_t c = 0; c < plan.configurations.size(); ++c) {
    if (c == listed) {
      out << "  " << tr.tr("... and {1} more (--dry-run lists them all)", {std::to_string(plan.configurations.size() - listed)})
          << "\n";
      break;
    }
    const auto& config = plan.configurations[c];
    out << "  " << experiment::configuration_label(plan, config) << "  ("
        << tr.tr("seed {1}", {std::to_string(loaded.specs[c].seed)});
    for (const std::string& o : config.overrides) out << "; " << o;
    out << ")\n";
  }
}

int run_request(const Request& r, std::ostream& out, std::ostream& err) {
  experiment::LoadedPlan loaded;
  try {
    loaded = experiment::plan_experiment(r.plan);
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << "\n";
    return kExitBadInput;
  }
  err << scenario::format_warnings(loaded.specs, r.common.catalog);
  if (r.dry_run) {
    print_plan(out, loaded, loaded.plan.configurations.size(), r.common.catalog);
    return kExitOk;
  }
  const std::size_t total = loaded.plan.runs.size();
  const std::vector<std::size_t> runs = experiment::runs_of(r.shard.value_or(experiment::Shard{}), total);
  const bool progress = !r.common.quiet && isatty(STDERR_FILENO);
  if (!r.common.quiet) {
    out << r.common.catalog.tr("Experiment {1}:", {loaded.plan.configurations.front().scenario}) << " ";
    print_plan(out, loaded, kListed, r.common.catalog);
  }
  try {
    const auto outcomes =
        run::run_plan(loaded, runs, {r.common.jobs, progress, std::nullopt, r.common.catalog}, err);
    const auto files = r.shard ? experiment::shard_results(loaded.plan, *r.shard, outcomes)
                               : experiment::full_results(loaded.plan, outcomes);
    experiment::write_output_files(r.out, files);
    if (r.common.quiet) return kExitOk;
    if (r.shard) {
      out << "\n"
          << r.common.catalog.tr("Shard {1}: ran {2} of {3} runs; combine every shard's folder with relaysim merge "
                                 "DIR... --out DIR",
                                 {r.shard->text(), std::to_string(runs.size()), std::to_string(total)})
          << "\n";
    } else {
      out << "\n"
          << experiment::summary_table(loaded.plan, experiment::summarize(loaded.plan, outcomes), r.common.catalog);
    }
    out << "\n" << experiment::output_list(r.out, files, r.common.catalog);
  } catch (const std::exception& e) {
    err << "relaysim experiment: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int experiment_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description options = experiment_options();
  int status = kExitOk;
  const auto line = parse_command_line("experiment", options, args, out, err, status);
  if (!line) return status;
  const po::variables_map& vm = line->options;
  if (line->inputs.size() != 1) {
    return usage_error("experiment", "expected exactly one scenario file", err);
  }
  Request r;
  r.plan.file = scenario_file(line->inputs[0]);
  if (const std::string error = interpret(vm, r); !error.empty()) {
    err << "relaysim experiment: " << error << "\n";
    return kExitBadInput;
  }
  return run_request(r, out, err);
}

}  // namespace relaysim::cli
