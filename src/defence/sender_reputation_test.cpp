#include "defence/sender_reputation.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using defence::SenderReputation;
using sim::kDay;
using sim::kHour;

namespace {
constexpr std::uint32_t kSender = 0xCB007107;  // 203.0.113.7
constexpr std::uint32_t kOtherSender = 0xCB007108;

void send(SenderReputation& r, std::uint32_t ip, sim::SimTime at, int messages, int spam) {
  for (int i = 0; i < messages; ++i) r.record_message(ip, at);
  for (int i = 0; i < spam; ++i) r.record_spam(ip, at);
}
}  // namespace

TEST_CASE("an address never seen has a perfect score", "[defence][reputation]") {
  const SenderReputation reputation;
  CHECK(reputation.score(kSender, 0) == 1);
  CHECK_FALSE(reputation.sends_to_junk(kSender, 0));
}

TEST_CASE("the score is one minus the spam share of the sender's mail", "[defence][reputation]") {
  SenderReputation reputation;
  send(reputation, kSender, kHour, 100, 30);
  CHECK(reputation.score(kSender, kHour) == Approx(0.7));
  CHECK(reputation.score(kOtherSender, kHour) == 1);
}

TEST_CASE("a big legitimate sender keeps its reputation despite the filter's false positives",
          "[defence][reputation]") {
  SenderReputation reputation;
  for (int hour = 0; hour < 48; ++hour) send(reputation, kSender, hour * kHour, 2000, 10);  // 0.5 % flagged
  CHECK(reputation.score(kSender, 48 * kHour) == Approx(0.995));
  CHECK_FALSE(reputation.sends_to_junk(kSender, 48 * kHour));
}

TEST_CASE("a complaint weighs as much as several spam messages", "[defence][reputation]") {
  SenderReputation reputation;
  send(reputation, kSender, 0, 100, 0);
  reputation.record_complaint(kSender, 0);
  CHECK(reputation.score(kSender, 0) == Approx(0.9));
}

TEST_CASE("a sender with little mail is judged against the minimum volume", "[defence][reputation]") {
  SenderReputation reputation;
  send(reputation, kSender, 0, 1, 1);  // one message, flagged: 1 / 20
  CHECK(reputation.score(kSender, 0) == Approx(0.95));
  CHECK_FALSE(reputation.sends_to_junk(kSender, 0));
}

TEST_CASE("a spamming sender goes to junk and recovers as clean mail follows", "[defence][reputation]") {
  SenderReputation reputation;
  send(reputation, kSender, 0, 100, 80);
  CHECK(reputation.sends_to_junk(kSender, 0));
  // A day later the old mail weighs half: 50 + 100 clean, 40 spam -> 1 - 40/150.
  send(reputation, kSender, kDay, 100, 0);
  CHECK(reputation.score(kSender, kDay) == Approx(1 - 40.0 / 150));
  CHECK_FALSE(reputation.sends_to_junk(kSender, kDay));
}

TEST_CASE("a quiet spammer recovers as its old mail fades below the minimum volume", "[defence][reputation]") {
  SenderReputation reputation;
  send(reputation, kSender, 0, 40, 40);
  CHECK(reputation.score(kSender, 0) == 0);
  // After two half-lives: 10 spam of 10 mail, judged against 20.
  CHECK(reputation.score(kSender, 2 * kDay) == Approx(0.5));
  CHECK_FALSE(reputation.sends_to_junk(kSender, 3 * kDay));
}

TEST_CASE("the half-life, weights and threshold are configurable", "[defence][reputation]") {
  SenderReputation::Config config;
  config.half_life = kHour;
  config.complaint_weight = 50;
  config.min_volume = 1;
  config.junk_below = 0.9;
  SenderReputation reputation(config);
  send(reputation, kSender, 0, 100, 0);
  reputation.record_complaint(kSender, 0);
  CHECK(reputation.score(kSender, 0) == Approx(0.5));
  CHECK(reputation.sends_to_junk(kSender, 0));
}
