// What one run contributes to an experiment's results: every metric of the run by name, and the
// rows of its metrics.csv.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace relaysim::experiment {

using Metrics = std::vector<std::pair<std::string, double>>;

struct RunOutcome {
  std::size_t run = 0;      // its number in the plan
  Metrics metrics;          // RunResult::metrics: fixed order
  std::string metrics_csv;  // the run's metrics.csv (header and rows); "" when it has none
};

}  // namespace relaysim::experiment
