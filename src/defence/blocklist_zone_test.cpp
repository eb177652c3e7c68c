#include "defence/blocklist_zone.h"

#include <catch2/catch.hpp>

#include "defence/sampling_error_test.h"

using namespace relaysim;
using defence::BlocklistZone;
using sim::kDay;
using sim::kHour;

namespace {

constexpr std::uint32_t kBot = 0xCB007107;  // 203.0.113.7
constexpr std::uint32_t kListed = BlocklistZone::kListedAnswer;

BlocklistZone zone_named(std::string name, std::uint64_t seed = 1) {
  BlocklistZone::Config config;
  config.zone = std::move(name);
  return BlocklistZone(std::move(config), seed);
}

}  // namespace

TEST_CASE("an address is listed after the drawn delay and not before", "[defence][blocklist]") {
  auto zone = zone_named("zen.example");
  const auto listed_at = zone.report(kBot, 10 * kHour);
  REQUIRE(listed_at.has_value());
  CHECK(*listed_at >= 10 * kHour);
  CHECK(*listed_at <= 10 * kHour + 48 * kHour);
  CHECK_FALSE(zone.listed(kBot, *listed_at - 1));
  CHECK(zone.listed(kBot, *listed_at));
  CHECK(zone.listed_count(*listed_at - 1) == 0);
  CHECK(zone.listed_count(*listed_at) == 1);
}

TEST_CASE("the listing delay comes from the zone's own seeded stream", "[defence][blocklist]") {
  auto a = zone_named("zen.example", 7);
  auto b = zone_named("ZEN.example.", 7);  // the same zone, written differently
  auto other = zone_named("bl.example", 7);
  bool all_equal_other = true;
  for (std::uint32_t ip = 1; ip <= 20; ++ip) {
    const auto at = a.report(ip, 0);
    CHECK(at == b.report(ip, 0));
    all_equal_other = all_equal_other && at == other.report(ip, 0);
  }
  CHECK_FALSE(all_equal_other);
}

TEST_CASE("evidence while a listing is pending does not draw another delay", "[defence][blocklist]") {
  auto zone = zone_named("zen.example");
  const sim::SimTime listed_at = *zone.report(kBot, 0);
  CHECK_FALSE(zone.report(kBot, listed_at / 2).has_value());
  CHECK_FALSE(zone.report(kBot, listed_at - 1).has_value());
  CHECK(zone.delisting_time(kBot) == listed_at + 7 * kDay);
  CHECK_FALSE(zone.listed(kBot, listed_at - 1));
  CHECK(zone.listed(kBot, listed_at));
}

TEST_CASE("evidence while listed extends the listing from that moment", "[defence][blocklist]") {
  auto zone = zone_named("zen.example");
  const sim::SimTime listed_at = *zone.report(kBot, 0);
  CHECK_FALSE(zone.report(kBot, listed_at + 3 * kDay).has_value());
  CHECK(zone.delisting_time(kBot) == listed_at + 10 * kDay);
  CHECK(zone.listed(kBot, listed_at + 10 * kDay - 1));
  CHECK_FALSE(zone.listed(kBot, listed_at + 10 * kDay));
}

TEST_CASE("an address is delisted once listed_for passes without evidence", "[defence][blocklist]") {
  BlocklistZone::Config config;
  config.listed_for = 2 * kDay;
  BlocklistZone zone(std::move(config), 1);
  const sim::SimTime listed_at = *zone.report(kBot, 0);
  CHECK(zone.listed(kBot, listed_at + 2 * kDay - 1));
  CHECK_FALSE(zone.listed(kBot, listed_at + 2 * kDay));
  CHECK(zone.listed_count(listed_at + 2 * kDay) == 0);
}

TEST_CASE("evidence after delisting starts a new listing with a new delay", "[defence][blocklist]") {
  auto zone = zone_named("zen.example");
  const sim::SimTime first = *zone.report(kBot, 0);
  const sim::SimTime again = first + 7 * kDay;
  const auto relisted_at = zone.report(kBot, again);
  REQUIRE(relisted_at.has_value());
  CHECK(*relisted_at >= again);
  CHECK_FALSE(zone.listed(kBot, again));  // not listed again until the new delay has passed
  CHECK(zone.listed(kBot, *relisted_at));
  CHECK(zone.delisting_time(kBot) == *relisted_at + 7 * kDay);
}

TEST_CASE("an address never reported is neither listed nor due to be delisted", "[defence][blocklist]") {
  const auto zone = zone_named("zen.example");
  CHECK_FALSE(zone.listed(kBot, 0));
  CHECK_FALSE(zone.delisting_time(kBot).has_value());
}

TEST_CASE("the query name is the reversed octets under the zone", "[defence][blocklist]") {
  CHECK(BlocklistZone::query_name(0xC0000201, "zen.example") == "1.2.0.192.zen.example");
  CHECK(BlocklistZone::query_name(0x7F000002, "bl.example") == "2.0.0.127.bl.example");
  CHECK(BlocklistZone::query_name(0, "z") == "0.0.0.0.z");
}

TEST_CASE("a query answers 127.0.0.2 for a listed address and nothing otherwise", "[defence][blocklist]") {
  auto zone = zone_named("zen.example");
  const sim::SimTime listed_at = *zone.report(kBot, 0);
  CHECK_FALSE(zone.query("7.113.0.203.zen.example", listed_at - 1).has_value());
  CHECK(zone.query("7.113.0.203.zen.example", listed_at) == kListed);
  CHECK(zone.query("7.113.0.203.zen.example.", listed_at) == kListed);  // fully qualified
  CHECK(zone.query("7.113.0.203.ZEN.Example", listed_at) == kListed);   // any case
  CHECK_FALSE(zone.query("8.113.0.203.zen.example", listed_at).has_value());
  CHECK_FALSE(zone.query("203.0.113.7.zen.example", listed_at).has_value());  // not reversed
}

TEST_CASE("a query for another zone or a malformed name is not answered", "[defence][blocklist]") {
  auto zone = zone_named("zen.example");
  const sim::SimTime listed_at = *zone.report(kBot, 0);
  for (const char* name :
       {"7.113.0.203.bl.example", "7.113.0.203xzen.example", "7.113.0.203.example", "7.113.0.zen.example",
        "7.113.0.0.203.zen.example", "7.113.0.256.zen.example", "7.113.0.0203.zen.example",
        "7..0.203.zen.example", "7.113.0.203.", "zen.example", ".zen.example", ""}) {
    INFO(name);
    CHECK_FALSE(zone.query(name, listed_at).has_value());
  }
}

TEST_CASE("the RFC 5782 test entries answer as the RFC requires", "[defence][blocklist]") {
  auto zone = zone_named("zen.example");
  CHECK(zone.query("2.0.0.127.zen.example", 0) == kListed);
  CHECK_FALSE(zone.query("1.0.0.127.zen.example", 0).has_value());
  // Evidence against the test entries changes nothing.
  CHECK_FALSE(zone.report(0x7F000001, 0).has_value());
  CHECK_FALSE(zone.report(0x7F000002, 0).has_value());
  CHECK_FALSE(zone.query("1.0.0.127.zen.example", 60 * kDay).has_value());
  CHECK(zone.query("2.0.0.127.zen.example", 60 * kDay) == kListed);
}

TEST_CASE("the share of reported addresses listed within 1 h, 6 h and 18 h matches the default",
          "[defence][blocklist][calibration]") {
  // Reports spread over a day, so the check is on the delay and not on a fixed start time.
  constexpr std::size_t n = 100'000;
  auto zone = zone_named("zen.example", 2011);
  std::vector<sim::SimTime> reported_at(n);
  for (std::size_t i = 0; i < n; ++i) {
    reported_at[i] = static_cast<sim::SimTime>(i) * (kDay / n);
    REQUIRE(zone.report(static_cast<std::uint32_t>(0x0A000000 + i), reported_at[i]).has_value());
  }
  const auto published = defence::PiecewiseCdf::blocklist_listing_default();
  for (const sim::SimTime within : {1 * kHour, 6 * kHour, 18 * kHour}) {
    std::size_t listed = 0;
    for (std::size_t i = 0; i < n; ++i) {
      listed += zone.listed(static_cast<std::uint32_t>(0x0A000000 + i), reported_at[i] + within) ? 1 : 0;
    }
    const double expected = published.fraction_within(within);
    INFO("within " << within / kHour << " h: " << listed << " of " << n << ", expected " << expected);
    CHECK(defence::testing::within_sampling_error(listed, n, expected));
  }
}
