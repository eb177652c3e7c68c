// IPv4 addresses as the model keeps them (host byte order) and CIDR networks, as in
// Postfix's mynetworks.
#pragma once

#include <cstdint>
#include <string>

#include "smtp/ipv4_text.h"

namespace relaysim::mta {

// The netmask of a prefix length: 24 -> 0xFFFFFF00, 0 -> 0; past 32, all ones (a host).
constexpr std::uint32_t cidr_mask(int prefix) {
  if (prefix <= 0) return 0;  // shifting a 32-bit value by 32 is undefined
  return prefix >= 32 ? ~std::uint32_t{0} : ~std::uint32_t{0} << (32 - prefix);
}

struct Cidr {
  std::uint32_t network = 0;  // IPv4, host byte order, already masked
  std::uint8_t prefix = 32;
  bool contains(std::uint32_t ip) const { return (ip & cidr_mask(prefix)) == network; }
  // How many addresses it holds: /24 -> 256, /0 -> 2^32.
  std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix); }
};

// Dotted quad: 0xC0000201 -> "192.0.2.1". The smtp layer's, which writes address literals
// with it; named here too so that whoever holds addresses needs this header only.
using smtp::format_ipv4;
// "192.0.2.0/24"
std::string format_cidr(const Cidr& cidr);

}  // namespace relaysim::mta
