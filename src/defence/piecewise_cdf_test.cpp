#include "defence/piecewise_cdf.h"

#include <catch2/catch.hpp>

#include "defence/sampling_error_test.h"

using namespace relaysim;
using defence::PiecewiseCdf;
using sim::kHour;
using sim::kMinute;

namespace {

std::string problem_with(std::vector<PiecewiseCdf::Point> points) {
  std::string error;
  const bool made = PiecewiseCdf::make(std::move(points), &error).has_value();
  return made ? "(made)" : error;
}

// The share of `n` samples at or below each point's time, checked against its fraction.
void check_calibrated(const PiecewiseCdf& cdf, std::uint64_t seed) {
  constexpr std::size_t n = 200'000;
  sim::RandomStream random(seed, "calibration");
  std::vector<sim::SimTime> samples(n);
  for (auto& s : samples) s = cdf.sample(random);
  for (const auto& point : cdf.points()) {
    std::size_t within = 0;
    for (const auto s : samples) within += s <= point.at ? 1 : 0;
    INFO("point at " << sim::to_seconds(point.at) << " s: " << within << " of " << n << ", expected fraction "
                     << point.fraction);
    CHECK(defence::testing::within_sampling_error(within, n, point.fraction));
  }
}

}  // namespace

TEST_CASE("a distribution is made from rising points that reach 100%", "[defence][cdf]") {
  CHECK(problem_with({{kHour, 0.5}, {2 * kHour, 1.0}}) == "(made)");
  CHECK(problem_with({{kHour, 1.0}}) == "(made)");
}

TEST_CASE("a distribution with a problem says what is wrong", "[defence][cdf]") {
  CHECK(problem_with({}) == "a distribution needs at least one point");
  CHECK(problem_with({{kHour, 0.5}, {kHour, 1.0}}) == "point 2: times must rise (from 0)");
  CHECK(problem_with({{0, 0.5}, {kHour, 1.0}}) == "point 1: times must rise (from 0)");
  CHECK(problem_with({{kHour, 0.5}, {2 * kHour, 0.5}, {3 * kHour, 1.0}}) ==
        "point 2: fractions must rise (from 0)");
  CHECK(problem_with({{kHour, 0.0}, {2 * kHour, 1.0}}) == "point 1: fractions must rise (from 0)");
  CHECK(problem_with({{kHour, 0.5}, {2 * kHour, 1.5}}) == "point 2: fractions cannot exceed 100%");
  CHECK(problem_with({{kHour, 0.5}, {2 * kHour, 0.9}}) == "the last point must reach 100%");
}

TEST_CASE("making a distribution without asking for the error still refuses bad points", "[defence][cdf]") {
  CHECK_FALSE(PiecewiseCdf::make({{kHour, 0.5}}, nullptr).has_value());
}

TEST_CASE("the fraction within a time interpolates linearly between the points", "[defence][cdf]") {
  const auto cdf = *PiecewiseCdf::make({{kHour, 0.2}, {3 * kHour, 1.0}}, nullptr);
  CHECK(cdf.fraction_within(-1) == 0);
  CHECK(cdf.fraction_within(0) == 0);
  CHECK(cdf.fraction_within(kHour / 2) == Approx(0.1));
  CHECK(cdf.fraction_within(kHour) == Approx(0.2));
  CHECK(cdf.fraction_within(2 * kHour) == Approx(0.6));
  CHECK(cdf.fraction_within(3 * kHour) == 1);
  CHECK(cdf.fraction_within(30 * kHour) == 1);
}

TEST_CASE("samples stay between zero and the last point's time", "[defence][cdf]") {
  const auto cdf = PiecewiseCdf::blocklist_listing_default();
  sim::RandomStream random(3, "bounds");
  for (int i = 0; i < 10'000; ++i) {
    const sim::SimTime s = cdf.sample(random);
    REQUIRE(s >= 0);
    REQUIRE(s <= 48 * kHour);
  }
}

TEST_CASE("the same seed gives the same samples", "[defence][cdf]") {
  const auto cdf = PiecewiseCdf::bot_lifetime_default();
  sim::RandomStream a(11, "same");
  sim::RandomStream b(11, "same");
  for (int i = 0; i < 100; ++i) REQUIRE(cdf.sample(a) == cdf.sample(b));
}

TEST_CASE("the blocklist listing default says what Stone-Gross et al. measured", "[defence][cdf]") {
  const auto cdf = PiecewiseCdf::blocklist_listing_default();
  CHECK(cdf.fraction_within(1 * kHour) == Approx(0.128));
  CHECK(cdf.fraction_within(6 * kHour) == Approx(0.753));
  CHECK(cdf.fraction_within(18 * kHour) == Approx(0.90));
  CHECK(cdf.fraction_within(48 * kHour) == 1);
}

TEST_CASE("the bot lifetime default says what the cited studies measured", "[defence][cdf]") {
  const auto cdf = PiecewiseCdf::bot_lifetime_default();
  CHECK(cdf.fraction_within(2 * kMinute) == Approx(0.75));
  CHECK(cdf.fraction_within(24 * kHour) == Approx(0.81));
}

TEST_CASE("samples of the blocklist listing default match its published fractions",
          "[defence][cdf][calibration]") {
  check_calibrated(PiecewiseCdf::blocklist_listing_default(), 20110101);
}

TEST_CASE("samples of the bot lifetime default match its published fractions",
          "[defence][cdf][calibration]") {
  check_calibrated(PiecewiseCdf::bot_lifetime_default(), 20060101);
}

TEST_CASE("samples fall evenly within one segment", "[defence][cdf][calibration]") {
  // Linear interpolation: the midpoint of a segment holds half of that segment's mass.
  const auto cdf = *PiecewiseCdf::make({{kHour, 0.4}, {3 * kHour, 1.0}}, nullptr);
  constexpr std::size_t n = 200'000;
  sim::RandomStream random(5, "segment");
  std::size_t within = 0;
  for (std::size_t i = 0; i < n; ++i) within += cdf.sample(random) <= 2 * kHour ? 1 : 0;
  CHECK(defence::testing::within_sampling_error(within, n, 0.7));
}
