// The mean of a metric over replications and its 95 % confidence interval (Student's t with
// n - 1 degrees of freedom), as the experiment tables and summary.csv report them.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace relaysim::experiment {

struct Estimate {
  std::size_t n = 0;
  double mean = 0;
  // mean -/+ t(0.975, n-1) * s / sqrt(n); none for n < 2, where no spread can be estimated.
  std::optional<double> ci95_low, ci95_high;
};

Estimate estimate_mean(std::span<const double> values);

// The p-quantile of Student's t distribution with `dof` degrees of freedom (dof > 0).
double t_quantile(double p, double dof);

}  // namespace relaysim::experiment
