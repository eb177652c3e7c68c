// An empirical distribution of a duration, given as published figures ("12.8 % within 1 h,
// 75.3 % within 6 h, ..."), sampled by inverse transform with linear interpolation.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/random_stream.h"
#include "sim/sim_time.h"

namespace relaysim::defence {

class PiecewiseCdf {
 public:
  struct Point {
    sim::SimTime at;  // a duration
    double fraction;  // the share of cases that have ended by `at`, in (0, 1]
  };

  // Points must rise strictly in both time and fraction from an implicit (0, 0), and the
  // last must reach exactly 1. On a problem returns nullopt and, if `error` is given, says
  // what is wrong there.
  static std::optional<PiecewiseCdf> make(std::vector<Point> points, std::string* error);

  // How long a spamming bot sends before a blocklist lists it (Stone-Gross et al. 2011).
  static PiecewiseCdf blocklist_listing_default();
  // How long a spamming host keeps sending from one address (Ramachandran & Feamster 2006,
  // Duan et al.).
  static PiecewiseCdf bot_lifetime_default();

  // One uniform draw, whatever the points, so that changing them does not shift the
  // stream's later draws.
  sim::SimTime sample(sim::RandomStream& random) const;
  // P(duration <= t), interpolated linearly between the points.
  double fraction_within(sim::SimTime t) const;
  const std::vector<Point>& points() const { return points_; }

 private:
  explicit PiecewiseCdf(std::vector<Point> points) : points_(std::move(points)) {}

  std::vector<Point> points_;
};

}  // namespace relaysim::defence
