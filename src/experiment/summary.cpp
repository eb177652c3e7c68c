#include "experiment/summary.h"

#include <algorithm>
#include <map>

namespace relaysim::experiment {

std::vector<std::string> metric_names(const std::vector<RunOutcome>& outcomes) {
  std::vector<std::string> names;
  for (const RunOutcome& o : outcomes) {
    for (const auto& [name, value] : o.metrics) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  return names;
}

Summary summarize(const Plan& plan, const std::vector<RunOutcome>& outcomes) {
  Summary s;
  s.metrics = metric_names(outcomes);
  std::map<std::string, std::size_t> column;
  for (std::size_t m = 0; m < s.metrics.size(); ++m) column[s.metrics[m]] = m;
  // values[configuration][metric]: one value per replication that reported the metric
  std::vector<std::vector<std::vector<double>>> values(plan.configurations.size(),
                                                       std::vector<std::vector<double>>(s.metrics.size()));
  for (const RunOutcome& o : outcomes) {
    const std::size_t c = plan.runs.at(o.run).configuration;
    for (const auto& [name, value] : o.metrics) values[c][column[name]].push_back(value);
  }
  for (const auto& by_metric : values) {
    s.estimates.emplace_back();
    for (const auto& v : by_metric) s.estimates.back().push_back(estimate_mean(v));
  }
  return s;
}

}  // namespace relaysim::experiment
