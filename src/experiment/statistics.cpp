#include "experiment/statistics.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace relaysim::experiment {

double t_quantile(double p, double dof) {
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), p);
}

Estimate estimate_mean(std::span<const double> values) {
  Estimate e;
  e.n = values.size();
  if (e.n == 0) return e;
  double sum = 0;
  for (double v : values) sum += v;  // in replication order: the same bits however the runs were scheduled
  e.mean = sum / static_cast<double>(e.n);
  if (e.n < 2) return e;
  double squares = 0;
  for (double v : values) squares += (v - e.mean) * (v - e.mean);
  const double standard_error = std::sqrt(squares / static_cast<double>(e.n - 1) / static_cast<double>(e.n));
  const double half = t_quantile(0.975, static_cast<double>(e.n - 1)) * standard_error;
  e.ci95_low = e.mean - half;
  e.ci95_high = e.mean + half;
  return e;
}

}  // namespace relaysim::experiment
