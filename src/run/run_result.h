// What a run of a scenario gives back besides its files: the totals, the transcripts and the
// metrics that experiments average.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "report/run_totals.h"

namespace relaysim::run {

struct RunResult {
  report::RunTotals totals;
  std::map<std::uint64_t, std::string> transcripts;  // message id -> dialogue
  // Every metric over the whole run, by name, in a fixed order (the columns of metrics.csv,
  // summed over its intervals, then the end-of-run counts): what experiments average.
  std::vector<std::pair<std::string, double>> metrics;
  std::string metrics_csv;  // metrics.csv: one row per interval, with scenario, variant and seed
};

}  // namespace relaysim::run
