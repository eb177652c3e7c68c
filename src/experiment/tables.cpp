#include "experiment/tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "report/metrics_table.h"

namespace relaysim::experiment {
namespace {

using Row = std::vector<std::string>;

// Whole numbers as they are, others with two decimals.
std::string short_number(double value) {
  char text[64];
  if (std::abs(value) < 1e15 && value == std::floor(value)) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    std::snprintf(text, sizeof text, "%.2f", value);
  }
  return text;
}

std::string cell(const Estimate& e) {
  if (e.n == 0) return "-";
  if (!e.ci95_low) return short_number(e.mean);
  return short_number(e.mean) + " ± " + short_number((*e.ci95_high - *e.ci95_low) / 2);
}

std::string signed_number(double value) { return (value > 0 ? "+" : "") + short_number(value); }

// Display width: "±" is two bytes but one column.
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The first `left` columns (the names) aligned left, the numbers right.
std::string render(const std::vector<Row>& rows, std::size_t left) {
  std::vector<std::size_t> widths;
  for (const Row& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  }
  std::string text;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(widths[i] - width(row[i]), ' ');
      line += (i == 0 ? "" : "  ") + (i < left ? row[i] + pad : pad + row[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

bool all_zero(const Summary& s, std::size_t metric) {
  return std::all_of(s.estimates.begin(), s.estimates.end(), [&](const auto& by_metric) {
    const Estimate& e = by_metric[metric];
    return e.n == 0 || (e.mean == 0 && (!e.ci95_low || *e.ci95_low == *e.ci95_high));
  });
}

std::string footer(const Plan& plan, std::size_t hidden, const text::Catalog& tr) {
  std::string text;
  if (plan.replications > 1) {
    text += tr.tr("cells: mean ± half-width of the 95 % confidence interval over {1} replications (Student's t)",
                  {std::to_string(plan.replications)});
  } else {
    text += tr.tr("cells: one run each (one replication: no confidence interval; use --replications R)");
  }
  text += "\n";
  if (hidden > 0) {
    text += tr.tr_n("{1} metric that is 0 everywhere is not shown", "{1} metrics that are 0 everywhere are not shown",
                    hidden) + "\n";
  }
  return text;
}

std::string description(const std::string& metric, const text::Catalog& tr) {
  const char* text = report::MetricsTable::description(metric);
  return text ? tr.tr(text) : "";
}

// "closed rate=60/h": each axis by the last part of its path, unless two axes share it.
std::string column_label(const Plan& plan, const Configuration& c) {
  std::vector<std::string> names;
  for (const std::string& axis : plan.axes) names.push_back(axis.substr(axis.rfind('.') + 1));
  std::string label = c.variant;
  for (std::size_t a = 0; a < c.point.size() && a < names.size(); ++a) {
    const bool shared = std::count(names.begin(), names.end(), names[a]) > 1;
    label += " " + (shared ? plan.axes[a] : names[a]) + "=" + c.point[a];
  }
  return label;
}

std::string table(const Plan& plan, const Summary& s, bool differences, const text::Catalog& tr) {
  Row header = {tr.tr("metric"), tr.tr("what it counts")};
  for (const Configuration& c : plan.configurations) header.push_back(column_label(plan, c));
  if (differences) {
    for (std::size_t c = 1; c < plan.configurations.size(); ++c) {
      header.push_back(plan.configurations[c].variant + " - " + plan.configurations[0].variant);
    }
  }
  std::vector<Row> rows = {header};
  std::size_t hidden = 0;
  for (std::size_t m = 0; m < s.metrics.size(); ++m) {
    if (all_zero(s, m)) {
      ++hidden;
      continue;
    }
    Row row = {s.metrics[m], description(s.metrics[m], tr)};
    for (const auto& by_metric : s.estimates) row.push_back(cell(by_metric[m]));
    for (std::size_t c = 1; differences && c < s.estimates.size(); ++c) {
      const Estimate &e = s.estimates[c][m], &base = s.estimates[0][m];
      row.push_back(e.n && base.n ? signed_number(e.mean - base.mean) : "-");
    }
    rows.push_back(std::move(row));
  }
  return render(rows, 2) + "\n" + footer(plan, hidden, tr);
}

}  // namespace

std::string summary_table(const Plan& plan, const Summary& summary, const text::Catalog& tr) {
  if (plan.configurations.size() > kTableColumns) {
    return tr.tr("{1} configurations are too many columns for a table: the means and intervals are in summary.csv",
                 {std::to_string(plan.configurations.size())}) +
           "\n";
  }
  return table(plan, summary, false, tr);
}

std::string comparison_table(const Plan& plan, const Summary& summary, const text::Catalog& tr) {
  return table(plan, summary, true, tr);
}

}  // namespace relaysim::experiment
