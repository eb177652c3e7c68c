#include "defence/content_filter.h"

#include <stdexcept>

#include <catch2/catch.hpp>

#include "defence/sampling_error_test.h"

using namespace relaysim;
using defence::ContentFilter;

namespace {

std::size_t flagged_of(const ContentFilter& filter, bool is_spam, std::size_t n, std::uint64_t seed) {
  sim::RandomStream random(seed, "content-filter");
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < n; ++i) flagged += filter.flags(is_spam, random) ? 1 : 0;
  return flagged;
}

}  // namespace

TEST_CASE("the filter flags spam at its detection rate", "[defence][filter][calibration]") {
  const ContentFilter filter;
  constexpr std::size_t n = 200'000;
  CHECK(defence::testing::within_sampling_error(flagged_of(filter, true, n, 1), n, 0.95));
}

TEST_CASE("the filter flags good mail at its false-positive rate", "[defence][filter][calibration]") {
  const ContentFilter filter;
  constexpr std::size_t n = 200'000;
  CHECK(defence::testing::within_sampling_error(flagged_of(filter, false, n, 2), n, 0.005));
}

TEST_CASE("a perfect filter flags all spam and no good mail", "[defence][filter]") {
  const ContentFilter filter({1.0, 0.0});
  CHECK(flagged_of(filter, true, 1000, 3) == 1000);
  CHECK(flagged_of(filter, false, 1000, 3) == 0);
}

TEST_CASE("every verdict takes one draw, whatever the rates", "[defence][filter]") {
  sim::RandomStream a(4, "draws");
  sim::RandomStream b(4, "draws");
  const ContentFilter never({0.0, 0.0});
  const ContentFilter usual;
  never.flags(true, a);
  usual.flags(true, b);
  CHECK(a.uniform01() == b.uniform01());
}

TEST_CASE("rates outside 0 to 1 are refused", "[defence][filter]") {
  CHECK_THROWS_AS(ContentFilter({1.5, 0.0}), std::invalid_argument);
  CHECK_THROWS_AS(ContentFilter({0.9, -0.1}), std::invalid_argument);
}
