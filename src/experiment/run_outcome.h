// What one run contributes to an experiment's results: every metric of the run by name, and the
// rows of its metrics.csv.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "report/run_totals.h"

namespace relaysim::experiment {

using Metrics = std::vector<std::pair<std::string, double>>;

struct RunOutcome {
  std::size_t run = 0;      // its number in the plan
  Metrics metrics;          // fixed order
  std::string metrics_csv;  // the run's metrics.csv (header and rows); "" when it has none
};

// Per message class (ham, spam, dsn, probe): recipient copies submitted, delivered, rejected,
// bounced and still queued, named "ham_submitted", ...: the metrics of a run whose recorder
// reports none of its own.
Metrics metrics_from_totals(const report::RunTotals& totals);

}  // namespace relaysim::experiment
