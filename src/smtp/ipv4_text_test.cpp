#include "smtp/ipv4_text.h"

#include <catch2/catch.hpp>

using namespace relaysim::smtp;

TEST_CASE("an IPv4 address is written as a dotted quad of decimal octets without leading zeros") {
  CHECK(format_ipv4(0xC0000201u) == "192.0.2.1");
  CHECK(format_ipv4(0u) == "0.0.0.0");
  CHECK(format_ipv4(0xFFFFFFFFu) == "255.255.255.255");
  CHECK(format_ipv4(0x0A000A64u) == "10.0.10.100");
  std::string literal = "[";
  append_ipv4(0xC6336407u, literal);
  CHECK(literal == "[198.51.100.7");
}
