#include "sim/clock_text.h"

#include <catch2/catch.hpp>

namespace relaysim::sim {
namespace {

TEST_CASE("the simulated clock reads hours to milliseconds, with days when it has passed one", "[sim][clock]") {
  CHECK(clock_time(0) == "00:00:00.000");
  CHECK(clock_time(kHour + 2 * kMinute + 3 * kSecond + 456 * kMillisecond + 999) == "01:02:03.456");
  CHECK(clock_time(kDay - kMillisecond) == "23:59:59.999");
  CHECK(clock_time(2 * kDay + kHour) == "2d 01:00:00.000");
}

}  // namespace
}  // namespace relaysim::sim
