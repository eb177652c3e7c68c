#include "report/seconds_text.h"

#include <catch2/catch.hpp>

namespace report = relaysim::report;
namespace sim = relaysim::sim;

namespace {

std::string seconds(sim::SimTime t) {
  std::string out = "t=";
  report::append_seconds(out, t);
  return out;
}

std::string briefly(sim::SimTime t) {
  std::string out = "t=";
  report::append_seconds_briefly(out, t);
  return out;
}

}  // namespace

TEST_CASE("times are written as seconds with six decimals, exactly to the microsecond") {
  CHECK(seconds(0) == "t=0.000000");
  CHECK(seconds(12 * sim::kSecond + 345) == "t=12.000345");
  CHECK(seconds(sim::kHour) == "t=3600.000000");
  CHECK(seconds(1) == "t=0.000001");
}

TEST_CASE("times written briefly drop the trailing zeros and a point with nothing after it") {
  CHECK(briefly(0) == "t=0");
  CHECK(briefly(sim::kHour) == "t=3600");
  CHECK(briefly(1500 * sim::kMillisecond) == "t=1.5");
  CHECK(briefly(1) == "t=0.000001");
  CHECK(briefly(10 * sim::kSecond + 100 * sim::kMillisecond) == "t=10.1");
  CHECK(briefly(3 * sim::kSecond + 1) == "t=3.000001");
}
