#include "experiment/result_files.h"

#include <map>

#include "experiment/csv.h"

namespace relaysim::experiment {
namespace {

std::string optional_number(const std::optional<double>& value) { return value ? format_number(*value) : ""; }

std::vector<std::string> estimate_fields(const Estimate& e) {
  return {std::to_string(e.n), e.n ? format_number(e.mean) : "", optional_number(e.ci95_low),
          optional_number(e.ci95_high)};
}

void append(std::vector<std::string>& to, const std::vector<std::string>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

std::vector<std::string> run_columns(const Plan& plan) {
  std::vector<std::string> columns = {"run", "scenario", "variant"};
  append(columns, plan.axes);
  append(columns, {"replication", "seed"});
  return columns;
}

std::string runs_csv(const Plan& plan, const std::vector<RunOutcome>& outcomes) {
  const std::vector<std::string> names = metric_names(outcomes);
  std::vector<std::string> header = run_columns(plan);
  append(header, names);
  std::string text = csv_row(header);
  for (const RunOutcome& o : outcomes) {
    const PlannedRun& run = plan.runs.at(o.run);
    const Configuration& c = plan.configurations.at(run.configuration);
    std::vector<std::string> row = {std::to_string(o.run), c.scenario, c.variant};
    append(row, c.point);
    append(row, {std::to_string(run.replication), std::to_string(run.seed)});
    std::map<std::string, double> values(o.metrics.begin(), o.metrics.end());
    for (const std::string& name : names) row.push_back(values.contains(name) ? format_number(values[name]) : "");
    text += csv_row(row);
  }
  return text;
}

std::string summary_csv(const Plan& plan, const Summary& summary) {
  std::vector<std::string> header = {"scenario", "variant"};
  append(header, plan.axes);
  append(header, {"metric", "n", "mean", "ci95_low", "ci95_high"});
  std::string text = csv_row(header);
  for (std::size_t c = 0; c < plan.configurations.size(); ++c) {
    const Configuration& config = plan.configurations[c];
    for (std::size_t m = 0; m < summary.metrics.size(); ++m) {
      std::vector<std::string> row = {config.scenario, config.variant};
      append(row, config.point);
      row.push_back(summary.metrics[m]);
      append(row, estimate_fields(summary.estimates[c][m]));
      text += csv_row(row);
    }
  }
  return text;
}

std::string metrics_csv(const std::vector<RunOutcome>& outcomes) {
  std::string text;
  for (const RunOutcome& o : outcomes) {
    const auto lines = lines_of(o.metrics_csv);
    if (lines.empty()) continue;
    if (text.empty()) text = std::string(lines[0]) + "\n";
    for (std::size_t i = 1; i < lines.size(); ++i) text += std::string(lines[i]) + "\n";
  }
  return text;
}

std::string comparison_csv(const Plan& plan, const Summary& summary) {
  std::string text = csv_row(
      {"scenario", "variant", "metric", "n", "mean", "ci95_low", "ci95_high", "baseline", "difference"});
  if (plan.configurations.empty()) return text;
  const Configuration& baseline = plan.configurations[0];
  for (std::size_t c = 0; c < plan.configurations.size(); ++c) {
    for (std::size_t m = 0; m < summary.metrics.size(); ++m) {
      const Estimate& e = summary.estimates[c][m];
      const Estimate& base = summary.estimates[0][m];
      std::vector<std::string> row = {plan.configurations[c].scenario, plan.configurations[c].variant,
                                      summary.metrics[m]};
      append(row, estimate_fields(e));
      append(row, {baseline.variant, e.n && base.n ? format_number(e.mean - base.mean) : ""});
      text += csv_row(row);
    }
  }
  return text;
}

}  // namespace relaysim::experiment
