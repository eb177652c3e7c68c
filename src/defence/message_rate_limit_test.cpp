#include "defence/message_rate_limit.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using defence::MessageRateLimit;
using sim::kSecond;

namespace {

constexpr std::uint32_t kLimitedClient = 0xCB007107;
constexpr std::uint32_t kOtherClient = 0xCB007108;

MessageRateLimit limited_to(int limit) {
  MessageRateLimit::Config config;
  config.limit = limit;
  return MessageRateLimit(config);
}

}  // namespace

TEST_CASE("with the default limit of 0 every message is allowed", "[defence][rate-limit]") {
  MessageRateLimit rate;
  for (int i = 0; i < 10'000; ++i) REQUIRE(rate.allow(kLimitedClient, 0));
}

TEST_CASE("a client may send the limit's number of messages in a time unit", "[defence][rate-limit]") {
  auto rate = limited_to(3);
  CHECK(rate.allow(kLimitedClient, 0));
  CHECK(rate.allow(kLimitedClient, 10 * kSecond));
  CHECK(rate.allow(kLimitedClient, 20 * kSecond));
  CHECK_FALSE(rate.allow(kLimitedClient, 30 * kSecond));
  CHECK(rate.allow(kOtherClient, 30 * kSecond));  // counted per client
}

TEST_CASE("the count starts again once the time unit has passed since the window began",
          "[defence][rate-limit]") {
  auto rate = limited_to(2);
  CHECK(rate.allow(kLimitedClient, 5 * kSecond));  // the window starts here, not at 0
  CHECK(rate.allow(kLimitedClient, 6 * kSecond));
  CHECK_FALSE(rate.allow(kLimitedClient, 65 * kSecond));  // exactly one unit later: still the window
  CHECK(rate.allow(kLimitedClient, 65 * kSecond + 1));
  CHECK(rate.allow(kLimitedClient, 70 * kSecond));
  CHECK_FALSE(rate.allow(kLimitedClient, 71 * kSecond));
}

TEST_CASE("windows are fixed, not sliding", "[defence][rate-limit]") {
  auto rate = limited_to(2);
  CHECK(rate.allow(kLimitedClient, 0));
  CHECK(rate.allow(kLimitedClient, 59 * kSecond));
  // A sliding window would still hold the message at 59 s; anvil's fixed one starts afresh.
  CHECK(rate.allow(kLimitedClient, 61 * kSecond));
  CHECK(rate.allow(kLimitedClient, 62 * kSecond));
}

TEST_CASE("a client over the limit stays refused until its window ends", "[defence][rate-limit]") {
  auto rate = limited_to(1);
  CHECK(rate.allow(kLimitedClient, 0));
  for (int i = 1; i <= 6; ++i) CHECK_FALSE(rate.allow(kLimitedClient, i * 10 * kSecond));
  CHECK(rate.allow(kLimitedClient, 61 * kSecond));
}

TEST_CASE("the time unit is configurable", "[defence][rate-limit]") {
  MessageRateLimit rate({1, 10 * kSecond});
  CHECK(rate.allow(kLimitedClient, 0));
  CHECK_FALSE(rate.allow(kLimitedClient, 10 * kSecond));
  CHECK(rate.allow(kLimitedClient, 11 * kSecond));
}
