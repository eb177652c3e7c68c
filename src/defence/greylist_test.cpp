#include "defence/greylist.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using defence::Greylist;
using defence::GreylistAnswer;
using sim::kDay;
using sim::kHour;
using sim::kSecond;

namespace {

constexpr std::uint32_t kClient = 0xC6336405;     // 198.51.100.5
constexpr std::uint32_t kNeighbour = 0xC6336463;  // 198.51.100.99, the same /24
constexpr std::uint32_t kOtherNet = 0xC6336505;   // 198.51.101.5

// Greylists the first attempt of a new triplet to `rcpt` at `t`, then passes its retry.
void pass_new_triplet(Greylist& greylist, const std::string& rcpt, sim::SimTime t) {
  REQUIRE(greylist.check(kClient, "alice@campus.example", rcpt, t) == GreylistAnswer::Greylisted);
  REQUIRE(greylist.check(kClient, "alice@campus.example", rcpt, t + 300 * kSecond) == GreylistAnswer::Pass);
}

}  // namespace

TEST_CASE("the first attempt of a triplet is greylisted", "[defence][greylist]") {
  Greylist greylist;
  CHECK(greylist.check(kClient, "alice@campus.example", "bob@victim.example", 0) ==
        GreylistAnswer::Greylisted);
}

TEST_CASE("a retry before the delay is greylisted again, counting from the first attempt",
          "[defence][greylist]") {
  Greylist greylist;
  greylist.check(kClient, "a@x.example", "b@y.example", 0);
  CHECK(greylist.check(kClient, "a@x.example", "b@y.example", 200 * kSecond) == GreylistAnswer::Greylisted);
  CHECK(greylist.check(kClient, "a@x.example", "b@y.example", 300 * kSecond - 1) ==
        GreylistAnswer::Greylisted);
  // postgrey does not restart the delay on an early retry.
  CHECK(greylist.check(kClient, "a@x.example", "b@y.example", 300 * kSecond) == GreylistAnswer::Pass);
}

TEST_CASE("a retry after the delay passes, and so do later messages of the triplet", "[defence][greylist]") {
  Greylist greylist;
  greylist.check(kClient, "a@x.example", "b@y.example", 0);
  CHECK(greylist.check(kClient, "a@x.example", "b@y.example", 600 * kSecond) == GreylistAnswer::Pass);
  CHECK(greylist.check(kClient, "a@x.example", "b@y.example", 10 * kDay) == GreylistAnswer::Pass);
}

TEST_CASE("the triplet ignores the case of the addresses", "[defence][greylist]") {
  Greylist greylist;
  greylist.check(kClient, "Alice@Campus.example", "BOB@victim.example", 0);
  CHECK(greylist.check(kClient, "alice@campus.example", "bob@VICTIM.example", 300 * kSecond) ==
        GreylistAnswer::Pass);
}

TEST_CASE("a different sender, recipient or network is a different triplet", "[defence][greylist]") {
  Greylist greylist;
  greylist.check(kClient, "a@x.example", "b@y.example", 0);
  const sim::SimTime later = 300 * kSecond;
  CHECK(greylist.check(kClient, "c@x.example", "b@y.example", later) == GreylistAnswer::Greylisted);
  CHECK(greylist.check(kClient, "a@x.example", "c@y.example", later) == GreylistAnswer::Greylisted);
  CHECK(greylist.check(kOtherNet, "a@x.example", "b@y.example", later) == GreylistAnswer::Greylisted);
  // Where the sender ends and the recipient starts is part of the triplet.
  greylist.check(kClient, "a@x", "b.example", 0);
  CHECK(greylist.check(kClient, "a@xb", ".example", later) == GreylistAnswer::Greylisted);
}

TEST_CASE("a retry after the 2-day window starts over", "[defence][greylist]") {
  Greylist greylist;
  greylist.check(kClient, "a@x.example", "b@y.example", 0);
  const sim::SimTime late = 2 * kDay + kSecond;
  CHECK(greylist.check(kClient, "a@x.example", "b@y.example", late) == GreylistAnswer::Greylisted);
  CHECK(greylist.check(kClient, "a@x.example", "b@y.example", late + 300 * kSecond) == GreylistAnswer::Pass);
}

TEST_CASE("another address in the same /24 shares the triplet", "[defence][greylist]") {
  Greylist greylist;
  greylist.check(kClient, "a@x.example", "b@y.example", 0);
  CHECK(greylist.check(kNeighbour, "a@x.example", "b@y.example", 300 * kSecond) == GreylistAnswer::Pass);
}

TEST_CASE("the client grouping prefix is configurable", "[defence][greylist]") {
  Greylist::Config config;
  config.client_prefix = 32;
  Greylist greylist(config);
  greylist.check(kClient, "a@x.example", "b@y.example", 0);
  CHECK(greylist.check(kNeighbour, "a@x.example", "b@y.example", 300 * kSecond) ==
        GreylistAnswer::Greylisted);
  CHECK(greylist.check(kClient, "a@x.example", "b@y.example", 300 * kSecond) == GreylistAnswer::Pass);
}

TEST_CASE("after 5 passes the client is whitelisted for new triplets", "[defence][greylist]") {
  Greylist greylist;
  for (int i = 0; i < 4; ++i) pass_new_triplet(greylist, "r" + std::to_string(i) + "@y.example", i * kHour);
  CHECK(greylist.check(kClient, "a@x.example", "new@y.example", 4 * kHour) == GreylistAnswer::Greylisted);
  pass_new_triplet(greylist, "r4@y.example", 4 * kHour + kSecond);  // the fifth pass
  CHECK(greylist.check(kClient, "a@x.example", "other@y.example", 5 * kHour) == GreylistAnswer::Whitelisted);
  // The whitelist is the client's own address, as in postgrey, not its /24.
  CHECK(greylist.check(kNeighbour, "a@x.example", "other@y.example", 5 * kHour) ==
        GreylistAnswer::Greylisted);
}

TEST_CASE("passes within the same hour count once towards the whitelist", "[defence][greylist]") {
  Greylist greylist;
  for (int i = 0; i < 10; ++i)
    pass_new_triplet(greylist, "r" + std::to_string(i) + "@y.example", i * kSecond);
  CHECK(greylist.check(kClient, "a@x.example", "new@y.example", kHour - kSecond) ==
        GreylistAnswer::Greylisted);
}

TEST_CASE("later messages of a triplet that already passed do not count towards the whitelist",
          "[defence][greylist]") {
  Greylist greylist;
  pass_new_triplet(greylist, "b@y.example", 0);
  for (int i = 1; i < 10; ++i) {
    REQUIRE(greylist.check(kClient, "alice@campus.example", "b@y.example", i * kHour) ==
            GreylistAnswer::Pass);
  }
  CHECK(greylist.check(kClient, "a@x.example", "new@y.example", 10 * kHour) == GreylistAnswer::Greylisted);
}

TEST_CASE("auto-whitelisting can be turned off", "[defence][greylist]") {
  Greylist::Config config;
  config.auto_whitelist_after = 0;
  Greylist greylist(config);
  for (int i = 0; i < 6; ++i) pass_new_triplet(greylist, "r" + std::to_string(i) + "@y.example", i * kHour);
  CHECK(greylist.check(kClient, "a@x.example", "new@y.example", 7 * kHour) == GreylistAnswer::Greylisted);
}

TEST_CASE("a triplet not seen for 35 days starts over", "[defence][greylist]") {
  Greylist greylist;
  pass_new_triplet(greylist, "b@y.example", 0);
  const sim::SimTime seen = 300 * kSecond;
  CHECK(greylist.check(kClient, "alice@campus.example", "b@y.example", seen + 35 * kDay) ==
        GreylistAnswer::Pass);
  const sim::SimTime gone = seen + 70 * kDay + kSecond;
  CHECK(greylist.check(kClient, "alice@campus.example", "b@y.example", gone) == GreylistAnswer::Greylisted);
  CHECK(greylist.check(kClient, "alice@campus.example", "b@y.example", gone + 300 * kSecond) ==
        GreylistAnswer::Pass);
}

TEST_CASE("a whitelisted client not seen for 35 days is greylisted again", "[defence][greylist]") {
  Greylist greylist;
  for (int i = 0; i < 5; ++i) pass_new_triplet(greylist, "r" + std::to_string(i) + "@y.example", i * kHour);
  const sim::SimTime fifth_pass = 4 * kHour + 300 * kSecond;
  REQUIRE(greylist.check(kClient, "a@x.example", "n@y.example", fifth_pass) == GreylistAnswer::Whitelisted);
  const sim::SimTime seen = fifth_pass + 35 * kDay;  // just in time: it is remembered as seen now
  CHECK(greylist.check(kClient, "a@x.example", "m@y.example", seen) == GreylistAnswer::Whitelisted);
  CHECK(greylist.check(kClient, "a@x.example", "m@y.example", seen + 35 * kDay + kSecond) ==
        GreylistAnswer::Greylisted);
}
