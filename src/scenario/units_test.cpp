#include "scenario/units.h"

#include <catch2/catch.hpp>

#include "scenario/suggest.h"

using namespace relaysim::scenario;

namespace sim = relaysim::sim;

TEST_CASE("durations take a unit from us to weeks and convert exactly to microseconds", "[units]") {
  CHECK(parse_duration("100us").value() == 100);
  CHECK(parse_duration("250ms").value() == 250 * sim::kMillisecond);
  CHECK(parse_duration("30s").value() == 30 * sim::kSecond);
  CHECK(parse_duration("5m").value() == 5 * sim::kMinute);
  CHECK(parse_duration("2h").value() == 2 * sim::kHour);
  CHECK(parse_duration("3d").value() == 3 * sim::kDay);
  CHECK(parse_duration("1w").value() == 7 * sim::kDay);
  CHECK(parse_duration("1.5h").value() == 90 * sim::kMinute);
  CHECK(parse_duration("1.1h").value() == 66 * sim::kMinute);  // exact, where doubles would drift
  CHECK(parse_duration("0").value() == 0);
  CHECK(parse_duration("0s").value() == 0);
}

TEST_CASE("a duration without a unit, with a bad unit or a negative sign is refused with what was expected",
          "[units]") {
  CHECK(parse_duration("5").error() == "'5' has no unit: expected a duration like 250ms, 5m, 2h (units: us, ms, s, m, h, d, w)");
  CHECK(parse_duration("6x").error() ==
        "'6x' has an unknown unit 'x': expected a duration like 250ms, 5m, 2h (units: us, ms, s, m, h, d, w)");
  CHECK(parse_duration("-5m").error() == "'-5m' is negative: expected a duration like 250ms, 5m, 2h");
  CHECK(parse_duration("soon").error() == "expected a duration like 250ms, 5m, 2h, got 'soon'");
  CHECK(parse_duration("").error() == "expected a duration like 250ms, 5m, 2h, got nothing");
  CHECK(parse_duration("1.5us").error() == "'1.5us' is not a whole number of microseconds");
  CHECK(parse_duration("5 m").error().find("unknown unit ' m'") != std::string::npos);
  CHECK_FALSE(parse_duration(".5h"));
  CHECK_FALSE(parse_duration("5.h"));
  CHECK_FALSE(parse_duration("5M"));
  CHECK(parse_duration("99999999999999w").error() == "'99999999999999w' is too long: expected at most 36500d (100 years)");
  CHECK(parse_duration("36501d").error() == "'36501d' is too long: expected at most 36500d (100 years)");
  CHECK(parse_duration("36500d").value() == 36500 * sim::kDay);
}

TEST_CASE("sizes use SI units for KB, MB, GB and binary units for KiB, MiB, GiB", "[units]") {
  CHECK(parse_size("500B").value() == 500);
  CHECK(parse_size("10KB").value() == 10000);
  CHECK(parse_size("10MB").value() == 10000000);
  CHECK(parse_size("1.5MB").value() == 1500000);
  CHECK(parse_size("2GB").value() == 2000000000);
  CHECK(parse_size("1KiB").value() == 1024);
  CHECK(parse_size("1.5KiB").value() == 1536);
  CHECK(parse_size("10MiB").value() == 10485760);
  CHECK(parse_size("0").value() == 0);
  CHECK(parse_size("10240000").error() ==
        "'10240000' has no unit: expected a size like 500B, 20KB, 10MB (units: B, KB, MB, GB, KiB, MiB, GiB)");
  CHECK(parse_size("0.5B").error() == "'0.5B' is not a whole number of bytes");
  CHECK_FALSE(parse_size("10kb"));
}

TEST_CASE("rates so slow or so fast that their intervals leave the clock are refused", "[units]") {
  CHECK(parse_rate("0.0001/h").value() == Approx(0.0001));
  CHECK(parse_rate("1000000/s").value() == Approx(3.6e9));
  CHECK(parse_rate("0.00009/h").error() ==
        "'0.00009/h' is too slow to send anything: expected at least 0.0001/h (about one a year), or 0/h for none");
  CHECK(parse_rate("0.00000000000000001/h").error() ==
        "'0.00000000000000001/h' is too slow to send anything: expected at least 0.0001/h (about one a year), or 0/h for none");
  CHECK(parse_rate("1000001/s").error() ==
        "'1000001/s' is faster than the clock, which counts microseconds: expected at most 1000000/s");
}

TEST_CASE("rates convert to events per hour", "[units]") {
  CHECK(parse_rate("20/h").value() == Approx(20));
  CHECK(parse_rate("5/m").value() == Approx(300));
  CHECK(parse_rate("1/s").value() == Approx(3600));
  CHECK(parse_rate("100/d").value() == Approx(100.0 / 24));
  CHECK(parse_rate("0.5/h").value() == Approx(0.5));
  CHECK(parse_rate("0/h").value() == 0);
  CHECK(parse_rate("20").error() == "'20' has no period: expected a rate like 20/h, 5/m, 1/s or 100/d");
  CHECK(parse_rate("20/w").error() ==
        "'20/w' has an unknown period 'w': expected a rate like 20/h, 5/m, 1/s or 100/d (periods: s, m, h, d)");
  CHECK(parse_rate("-1/h").error() == "'-1/h' is negative: expected a rate like 20/h, 5/m, 1/s");
  CHECK(parse_rate("fast").error() == "expected a rate like 20/h, 5/m, 1/s, got 'fast'");
}

TEST_CASE("IPv4 addresses come out in host byte order and leading zeros are refused", "[units]") {
  CHECK(parse_ipv4("192.0.2.1").value() == 0xC0000201u);
  CHECK(parse_ipv4("0.0.0.0").value() == 0u);
  CHECK(parse_ipv4("255.255.255.255").value() == 0xFFFFFFFFu);
  for (const char* bad : {"192.0.2", "192.0.2.1.5", "192.0.2.256", "192.0.2.01", "192.0..1", "a.b.c.d", "192.0.2.1 "}) {
    INFO(bad);
    CHECK(parse_ipv4(bad).error() == "expected an IPv4 address like 192.0.2.1, got '" + std::string(bad) + "'");
  }
  CHECK(relaysim::mta::format_ipv4(0xC0000201u) == "192.0.2.1");
}

TEST_CASE("a network with host bits set is refused with the network that was probably meant", "[units]") {
  auto net = parse_cidr("192.0.2.0/24");
  REQUIRE(net);
  CHECK(net.value().network == 0xC0000200u);
  CHECK(net.value().prefix == 24);
  CHECK(parse_cidr("192.0.2.7").value().prefix == 32);
  CHECK(parse_cidr("0.0.0.0/0").value().prefix == 0);
  CHECK(parse_cidr("192.0.2.1/24").error() == "'192.0.2.1/24' has host bits set, did you mean 192.0.2.0/24?");
  CHECK(parse_cidr("192.0.2.0/33").error() ==
        "'192.0.2.0/33' has a bad prefix length: expected a network like 192.0.2.0/24 (prefix 0 to 32)");
  CHECK(parse_cidr("192.0.2/24").error() == "expected a network like 192.0.2.0/24, got '192.0.2/24'");
  CHECK(net.value().contains(0xC00002FFu));
  CHECK_FALSE(net.value().contains(0xC0000300u));
  CHECK(net.value().size() == 256);
  CHECK(relaysim::mta::format_cidr(net.value()) == "192.0.2.0/24");
}

TEST_CASE("counts are plain decimal integers", "[units]") {
  CHECK(parse_count("0").value() == 0);
  CHECK(parse_count("1000").value() == 1000);
  CHECK_FALSE(parse_count("-1"));
  CHECK_FALSE(parse_count("+1"));
  CHECK_FALSE(parse_count("0x10"));
  CHECK_FALSE(parse_count("1e3"));
  CHECK_FALSE(parse_count("99999999999999999999"));
}

TEST_CASE("host names are lower-cased and must be made of letters, digits and hyphens", "[units]") {
  CHECK(parse_hostname("MX.Campus.Example").value() == "mx.campus.example");
  CHECK(parse_hostname("localhost").value() == "localhost");
  for (const char* bad : {"", "mx..example", "mx_1.example", "-mx.example", "mx-.example", "mx.example.", "."}) {
    INFO(bad);
    CHECK_FALSE(parse_hostname(bad));
  }
}

TEST_CASE("durations are formatted in the largest unit that divides them", "[units]") {
  CHECK(format_duration(0) == "0");
  CHECK(format_duration(2 * sim::kHour) == "2h");
  CHECK(format_duration(90 * sim::kMinute) == "90m");
  CHECK(format_duration(14 * sim::kDay) == "14d");
  CHECK(format_duration(1500 * sim::kMillisecond) == "1500ms");
  CHECK(format_duration(7) == "7us");
}

TEST_CASE("a swap of adjacent letters costs one edit, and only close words are suggested", "[suggest]") {
  CHECK(edit_distance("relayhost", "relayhost") == 0);
  CHECK(edit_distance("relayhsot", "relayhost") == 1);
  CHECK(edit_distance("ip", "") == 2);
  CHECK(edit_distance("kitten", "sitting") == 3);
  std::vector<std::string_view> keys{"ip", "policy", "relayhost", "to"};
  CHECK(closest_match("polcy", keys) == "policy");
  CHECK(closest_match("relay_host", keys) == "relayhost");
  CHECK_FALSE(closest_match("xy", keys));  // two edits from "ip", but that is the whole word
  CHECK_FALSE(closest_match("banana", keys));
  CHECK(did_you_mean("tp", keys) == ", did you mean 'ip'?");
  CHECK(did_you_mean("banana", keys).empty());
}
