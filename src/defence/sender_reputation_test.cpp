#include "defence/sender_reputation.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using defence::SenderReputation;
using sim::kDay;
using sim::kHour;

namespace {
constexpr std::uint32_t kSender = 0xCB007107;  // 203.0.113.7
constexpr std::uint32_t kOther = 0xCB007108;
}  // namespace

TEST_CASE("an address never seen has a perfect score", "[defence][reputation]") {
  const SenderReputation reputation;
  CHECK(reputation.score(kSender, 0) == 1);
  CHECK_FALSE(reputation.sends_to_junk(kSender, 0));
}

TEST_CASE("spam and complaints lower the score by their penalties", "[defence][reputation]") {
  SenderReputation reputation;
  reputation.record_spam(kSender, kHour);
  CHECK(reputation.score(kSender, kHour) == Approx(0.95));
  reputation.record_complaint(kSender, kHour);
  CHECK(reputation.score(kSender, kHour) == Approx(0.75));
  CHECK(reputation.score(kOther, kHour) == 1);
}

TEST_CASE("the score does not fall below 0", "[defence][reputation]") {
  SenderReputation reputation;
  for (int i = 0; i < 10; ++i) reputation.record_complaint(kSender, 0);
  CHECK(reputation.score(kSender, 0) == 0);
}

TEST_CASE("the deficit halves after one half-life and quarters after two", "[defence][reputation]") {
  SenderReputation reputation;
  reputation.record_complaint(kSender, 5 * kHour);  // deficit 0.2
  CHECK(reputation.score(kSender, 5 * kHour + kDay) == Approx(0.9));
  CHECK(reputation.score(kSender, 5 * kHour + 2 * kDay) == Approx(0.95));
}

TEST_CASE("new evidence adds to the deficit left after recovery", "[defence][reputation]") {
  SenderReputation reputation;
  reputation.record_complaint(kSender, 0);     // 0.2
  reputation.record_complaint(kSender, kDay);  // 0.1 left, + 0.2
  CHECK(reputation.score(kSender, kDay) == Approx(0.7));
  CHECK(reputation.score(kSender, 2 * kDay) == Approx(0.85));
}

TEST_CASE("mail goes to junk while the score is below the threshold", "[defence][reputation]") {
  SenderReputation reputation;
  for (int i = 0; i < 3; ++i) reputation.record_complaint(kSender, 0);  // deficit 0.6
  CHECK(reputation.score(kSender, 0) == Approx(0.4));
  CHECK(reputation.sends_to_junk(kSender, 0));
  // 0.6 halves to 0.5 after log2(1.2) of a day, about 6.3 h: then the score reaches 0.5.
  CHECK(reputation.sends_to_junk(kSender, 6 * kHour));
  CHECK_FALSE(reputation.sends_to_junk(kSender, 7 * kHour));
}

TEST_CASE("the penalties, half-life and threshold are configurable", "[defence][reputation]") {
  SenderReputation::Config config;
  config.spam_penalty = 0.5;
  config.half_life = kHour;
  config.junk_below = 0.6;
  SenderReputation reputation(config);
  reputation.record_spam(kSender, 0);
  CHECK(reputation.sends_to_junk(kSender, 0));
  CHECK(reputation.score(kSender, kHour) == Approx(0.75));
  CHECK_FALSE(reputation.sends_to_junk(kSender, kHour));
}
