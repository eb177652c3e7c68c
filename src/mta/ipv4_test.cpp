#include "mta/ipv4.h"

#include <catch2/catch.hpp>

using namespace relaysim::mta;

TEST_CASE("a prefix length gives its netmask, with 0 matching every address and 32 one host") {
  CHECK(cidr_mask(24) == 0xFFFFFF00u);
  CHECK(cidr_mask(0) == 0u);
  CHECK(cidr_mask(32) == 0xFFFFFFFFu);
  CHECK(cidr_mask(1) == 0x80000000u);
  CHECK(cidr_mask(-1) == 0u);
  CHECK(cidr_mask(40) == 0xFFFFFFFFu);
}

TEST_CASE("a network holds the addresses under its prefix and is written as address slash prefix") {
  const Cidr net{0xC0000200u, 24};
  CHECK(net.contains(0xC0000200u));
  CHECK(net.contains(0xC00002FFu));
  CHECK_FALSE(net.contains(0xC0000300u));
  CHECK(net.size() == 256);
  CHECK(format_cidr(net) == "192.0.2.0/24");
  CHECK(Cidr{0, 0}.contains(0xFFFFFFFFu));
  CHECK(Cidr{0, 0}.size() == (std::uint64_t{1} << 32));
  CHECK(format_cidr(Cidr{0xC0000207u, 32}) == "192.0.2.7/32");
  CHECK(format_ipv4(0xC0000207u) == "192.0.2.7");
}
