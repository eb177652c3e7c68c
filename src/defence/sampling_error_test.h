// Test helper: whether a fraction observed in n independent trials agrees with the
// probability p, allowing 4 binomial standard errors (a false alarm about once in 16 000).
#pragma once

#include <cmath>
#include <cstddef>

namespace relaysim::defence::testing {

inline double binomial_tolerance(double p, std::size_t n) {
  return 4 * std::sqrt(p * (1 - p) / static_cast<double>(n));
}

inline bool within_sampling_error(std::size_t hits, std::size_t n, double p) {
  const double observed = static_cast<double>(hits) / static_cast<double>(n);
  return std::abs(observed - p) <= binomial_tolerance(p, n);
}

}  // namespace relaysim::defence::testing
