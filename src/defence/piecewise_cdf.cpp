#include "defence/piecewise_cdf.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace relaysim::defence {
namespace {

using sim::kDay;
using sim::kHour;
using sim::kMinute;
using sim::SimTime;

// The first problem with `points`, or an empty string when they describe a distribution.
std::string problem_with(const std::vector<PiecewiseCdf::Point>& points) {
  if (points.empty()) return "a distribution needs at least one point";
  SimTime previous_at = 0;
  double previous_fraction = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string where = "point " + std::to_string(i + 1) + ": ";
    // Written so that NaN fails too.
    if (!(points[i].at > previous_at)) return where + "times must rise (from 0)";
    if (!(points[i].fraction > previous_fraction)) return where + "fractions must rise (from 0)";
    if (!(points[i].fraction <= 1)) return where + "fractions cannot exceed 100%";
    previous_at = points[i].at;
    previous_fraction = points[i].fraction;
  }
  if (points.back().fraction != 1) return "the last point must reach 100%";
  return {};
}

PiecewiseCdf must_make(std::vector<PiecewiseCdf::Point> points) {
  std::string error;
  std::optional<PiecewiseCdf> cdf = PiecewiseCdf::make(std::move(points), &error);
  if (!cdf) throw std::logic_error("built-in distribution: " + error);
  return *std::move(cdf);
}

}  // namespace

std::optional<PiecewiseCdf> PiecewiseCdf::make(std::vector<Point> points, std::string* error) {
  std::string problem = problem_with(points);
  if (!problem.empty()) {
    if (error) *error = std::move(problem);
    return std::nullopt;
  }
  return PiecewiseCdf(std::move(points));
}

PiecewiseCdf PiecewiseCdf::blocklist_listing_default() {
  // Stone-Gross et al. 2011, as cited: of spamming bots, 12.8 % were listed within 1 h,
  // 75.3 % within 6 h and 90 % within about 18 h. That every bot is listed within 48 h is
  // our assumption: the figures say nothing about the last 10 %.
  return must_make({{1 * kHour, 0.128}, {6 * kHour, 0.753}, {18 * kHour, 0.90}, {48 * kHour, 1.0}});
}

PiecewiseCdf PiecewiseCdf::bot_lifetime_default() {
  // About 75 % of Bobax drones persisted under 2 minutes (Ramachandran & Feamster 2006) and
  // 81 % of spam-only servers were active a day or less (Duan et al.). The two studies
  // watched different populations; joined here into one curve. That the last 19 % stop
  // within 7 days is our assumption.
  return must_make({{2 * kMinute, 0.75}, {1 * kDay, 0.81}, {7 * kDay, 1.0}});
}

SimTime PiecewiseCdf::sample(sim::RandomStream& random) const {
  const double u = random.uniform01();  // [0, 1): always below the last fraction, 1
  const auto above = std::upper_bound(points_.begin(), points_.end(), u,
                                      [](double value, const Point& p) { return value < p.fraction; });
  const Point& high = *above;
  const Point low = above == points_.begin() ? Point{0, 0} : *(above - 1);
  const double share = (u - low.fraction) / (high.fraction - low.fraction);
  return low.at + static_cast<SimTime>(std::llround(share * static_cast<double>(high.at - low.at)));
}

double PiecewiseCdf::fraction_within(SimTime t) const {
  if (t <= 0) return 0;
  const auto above = std::upper_bound(points_.begin(), points_.end(), t,
                                      [](SimTime value, const Point& p) { return value < p.at; });
  if (above == points_.end()) return 1;
  const Point& high = *above;
  const Point low = above == points_.begin() ? Point{0, 0} : *(above - 1);
  const double share = static_cast<double>(t - low.at) / static_cast<double>(high.at - low.at);
  return low.fraction + share * (high.fraction - low.fraction);
}

}  // namespace relaysim::defence
