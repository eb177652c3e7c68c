// Building the plan of an experiment or a comparison from scenario files and the command line.
// Every configuration is loaded, and so checked, before anything runs: a bad variant, sweep
// value or override stops the whole experiment with nothing written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiment/plan.h"
#include "scenario/experiment_spec.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_spec.h"

namespace relaysim::experiment {

inline constexpr std::size_t kMaxRuns = 1000000;

// A --variant argument: a variant of the file picked by name, or one defined on the command line.
struct VariantChoice {
  std::string name;
  std::optional<std::vector<scenario::Override>> overrides;  // nullopt: the file's variant
};

struct ExperimentRequest {
  std::string file;
  std::vector<scenario::Override> set;      // --set: applied first, to every run
  std::vector<scenario::SweepAxis> sweep;   // --sweep: replaces the file's axis of the same path, else added
  std::vector<VariantChoice> variants;      // --variant: these, in this order; none: the file's variants
  std::optional<std::uint64_t> replications;  // default: the file's, else 1
  scenario::LoadLimits limits;               // --until and --max-work: every run is checked against them
};

struct LoadedPlan {
  Plan plan;
  std::vector<scenario::ScenarioSpec> specs;  // one per configuration, overrides applied
};

// Both throw scenario::ScenarioError with every distinct error found.
LoadedPlan plan_experiment(const ExperimentRequest& request);
LoadedPlan plan_comparison(const std::vector<std::string>& files, const std::vector<scenario::Override>& set,
                           std::uint64_t replications, const scenario::LoadLimits& limits);

}  // namespace relaysim::experiment
