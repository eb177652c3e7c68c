// Every metric of every configuration over its replications: the numbers behind summary.csv,
// comparison.csv and the tables printed.
#pragma once

#include <string>
#include <vector>

#include "experiment/plan.h"
#include "experiment/run_outcome.h"
#include "experiment/statistics.h"

namespace relaysim::experiment {

struct Summary {
  std::vector<std::string> metrics;            // every metric name, in the order first met
  std::vector<std::vector<Estimate>> estimates;  // [configuration][metric]; n = 0 when no run had it
};

// The metric names of `outcomes`, in the order first met.
std::vector<std::string> metric_names(const std::vector<RunOutcome>& outcomes);

// `outcomes` are runs of `plan`, in run order (replications in order, so sums do not depend on
// which thread or machine ran what).
Summary summarize(const Plan& plan, const std::vector<RunOutcome>& outcomes);

}  // namespace relaysim::experiment
