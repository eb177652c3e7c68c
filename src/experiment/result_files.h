// The text of an experiment's result files, from its plan and its runs' outcomes (in run order):
// runs.csv, summary.csv, metrics.csv and a comparison's comparison.csv.
#pragma once

#include <string>
#include <vector>

#include "experiment/plan.h"
#include "experiment/run_outcome.h"
#include "experiment/summary.h"

namespace relaysim::experiment {

// Columns of runs.csv before the metrics: run, scenario, variant, one per sweep axis (named by
// its path), replication, seed.
std::vector<std::string> run_columns(const Plan& plan);

// One row per run: the columns above, then every metric (empty when the run did not report it).
std::string runs_csv(const Plan& plan, const std::vector<RunOutcome>& outcomes);

// One row per configuration and metric: scenario, variant, the sweep values, metric, n, mean,
// ci95_low, ci95_high (the interval is empty when n < 2).
std::string summary_csv(const Plan& plan, const Summary& summary);

// Every run's metrics.csv rows under one header; "" when no run wrote any.
std::string metrics_csv(const std::vector<RunOutcome>& outcomes);

// summary.csv's rows for a comparison, with the first scenario as the baseline: scenario, variant,
// metric, n, mean, ci95_low, ci95_high, baseline, difference (mean minus the baseline's).
std::string comparison_csv(const Plan& plan, const Summary& summary);

}  // namespace relaysim::experiment
