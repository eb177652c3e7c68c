#include "defence/recipient_engagement.h"

#include <stdexcept>

#include <catch2/catch.hpp>

#include "defence/sampling_error_test.h"

using namespace relaysim;
using defence::RecipientEngagement;

namespace {

struct Tally {
  std::size_t opened = 0, clicked = 0, complained = 0, clicked_unopened = 0;
};

Tally react_many(const RecipientEngagement& engagement, bool is_spam, bool in_junk, std::size_t n,
                 std::uint64_t seed) {
  sim::RandomStream random(seed, "engagement");
  Tally tally;
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = engagement.react(is_spam, in_junk, random);
    tally.opened += r.opened ? 1 : 0;
    tally.clicked += r.clicked ? 1 : 0;
    tally.complained += r.complained ? 1 : 0;
    tally.clicked_unopened += r.clicked && !r.opened ? 1 : 0;
  }
  return tally;
}

std::optional<std::string> problem_with(RecipientEngagement::Config config) { return config.problem(); }

}  // namespace

TEST_CASE("open and click rates of good mail in the inbox match the configured ones",
          "[defence][engagement][calibration]") {
  const RecipientEngagement engagement;
  constexpr std::size_t n = 200'000;
  const Tally tally = react_many(engagement, false, false, n, 2019);
  CHECK(defence::testing::within_sampling_error(tally.opened, n, 0.20));
  CHECK(defence::testing::within_sampling_error(tally.clicked, n, 0.03));
  CHECK(tally.clicked_unopened == 0);
  CHECK(tally.complained == 0);
}

TEST_CASE("mail in the junk folder is opened and clicked at the junk rates",
          "[defence][engagement][calibration]") {
  const RecipientEngagement engagement;
  constexpr std::size_t n = 200'000;
  const Tally tally = react_many(engagement, false, true, n, 7);
  CHECK(defence::testing::within_sampling_error(tally.opened, n, 0.02));
  CHECK(defence::testing::within_sampling_error(tally.clicked, n, 0.002));
  CHECK(tally.clicked_unopened == 0);
}

TEST_CASE("spam in the inbox is reported at the complaint rate and opened like good mail",
          "[defence][engagement][calibration]") {
  const RecipientEngagement engagement;
  constexpr std::size_t n = 200'000;
  const Tally tally = react_many(engagement, true, false, n, 11);
  CHECK(defence::testing::within_sampling_error(tally.complained, n, 0.01));
  CHECK(defence::testing::within_sampling_error(tally.opened, n, 0.20));
  CHECK(defence::testing::within_sampling_error(tally.clicked, n, 0.03));
}

TEST_CASE("spam in the junk folder is never reported", "[defence][engagement]") {
  const RecipientEngagement engagement;
  CHECK(react_many(engagement, true, true, 10'000, 13).complained == 0);
}

TEST_CASE("every reaction takes three draws, whatever the rates", "[defence][engagement]") {
  RecipientEngagement::Config none;
  none.open = none.click = none.junk_open = none.junk_click = none.complaint = 0;
  const RecipientEngagement silent(none);
  const RecipientEngagement usual;
  sim::RandomStream a(17, "draws");
  sim::RandomStream b(17, "draws");
  silent.react(true, false, a);
  usual.react(true, false, b);
  CHECK(a.uniform01() == b.uniform01());
}

TEST_CASE("the default engagement rates are usable", "[defence][engagement]") {
  CHECK_FALSE(RecipientEngagement::Config{}.problem().has_value());
}

TEST_CASE("engagement rates with a problem say what it is", "[defence][engagement]") {
  RecipientEngagement::Config config;
  config.click = 0.3;
  CHECK(problem_with(config) ==
        std::optional<std::string>("click cannot exceed open: a click implies an open"));
  config = {};
  config.junk_click = 0.05;
  CHECK(problem_with(config) ==
        std::optional<std::string>("junk_click cannot exceed junk_open: a click implies an open"));
  config = {};
  config.complaint = 1.5;
  CHECK(problem_with(config) == std::optional<std::string>("complaint must be between 0 and 1, got 1.5"));
  config = {};
  config.open = -0.1;
  CHECK(problem_with(config).has_value());
  CHECK_THROWS_AS(RecipientEngagement(config), std::invalid_argument);
}
