// One run of a scenario from a validated spec to its outputs: the world is built and run, the
// recorder's totals checked, and the files written into the output folder (relaysim run, the
// experiment runner, the tests).
#pragma once

#include "run/run_options.h"
#include "run/run_result.h"
#include "scenario/scenario_spec.h"

namespace relaysim::run {

// Throws std::runtime_error (output could not be written) or std::logic_error (lost copies).
RunResult run_scenario(const scenario::ScenarioSpec& spec, const RunOptions& options);

}  // namespace relaysim::run
