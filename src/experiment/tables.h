// The summary as text for the terminal: one row per metric, one column per configuration, each
// cell the mean and, with replications, the half-width of its 95 % confidence interval.
#pragma once

#include <cstddef>
#include <string>

#include "experiment/plan.h"
#include "experiment/summary.h"
#include "text/catalog.h"

namespace relaysim::experiment {

// Beyond this many configurations a terminal cannot show the table: summary_table says so instead.
inline constexpr std::size_t kTableColumns = 12;

// Each row names its metric (the column of summary.csv) and says what it counts in the catalogue's
// language. Metrics that are zero in every configuration are left out (summary.csv has them all).
std::string summary_table(const Plan& plan, const Summary& summary, const text::Catalog& tr);

// The same, with a column per scenario after the first giving its difference from the first.
std::string comparison_table(const Plan& plan, const Summary& summary, const text::Catalog& tr);

}  // namespace relaysim::experiment
