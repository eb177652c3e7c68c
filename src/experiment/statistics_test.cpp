#include "experiment/statistics.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using relaysim::experiment::estimate_mean;
using relaysim::experiment::t_quantile;

TEST_CASE("t quantiles match the published table") {
  // t(0.975, dof) from any statistics table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  const std::vector<std::pair<int, double>> table = {{1, 12.706}, {2, 4.303},  {3, 3.182},  {4, 2.776},
                                                     {5, 2.571},  {9, 2.262},  {10, 2.228}, {19, 2.093},
                                                     {29, 2.045}, {30, 2.042}, {100, 1.984}};
  for (const auto& [dof, t] : table) {
    INFO("dof " << dof);
    CHECK(t_quantile(0.975, dof) == Approx(t).margin(0.0005));
  }
  CHECK(t_quantile(0.975, 1e6) == Approx(1.95996).margin(0.0001));  // the normal quantile in the limit
}

TEST_CASE("the confidence interval of a small sample is mean -/+ t * s / sqrt(n)") {
  const std::vector<double> values = {2, 4, 4, 4, 5, 5, 7, 9};  // mean 5, s = sqrt(32/7)
  const auto e = estimate_mean(values);
  CHECK(e.n == 8);
  CHECK(e.mean == 5);
  REQUIRE(e.ci95_low);
  const double half = 2.364624 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0);
  CHECK(*e.ci95_low == Approx(5 - half).epsilon(1e-6));
  CHECK(*e.ci95_high == Approx(5 + half).epsilon(1e-6));
}

TEST_CASE("one replication gives its value and no interval, equal values an interval of width zero") {
  const std::vector<double> one = {42};
  const auto e = estimate_mean(one);
  CHECK(e.n == 1);
  CHECK(e.mean == 42);
  CHECK_FALSE(e.ci95_low);
  CHECK_FALSE(e.ci95_high);
  const std::vector<double> same = {3, 3, 3};
  const auto flat = estimate_mean(same);
  CHECK(*flat.ci95_low == 3);
  CHECK(*flat.ci95_high == 3);
  CHECK(estimate_mean(std::vector<double>{}).n == 0);
}
