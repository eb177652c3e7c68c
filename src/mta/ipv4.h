// IPv4 addresses as the model keeps them (host byte order) and CIDR networks, as in
// Postfix's mynetworks.
#pragma once

#include <cstdint>
#include <string>

namespace relaysim::mta {

struct Cidr {
  std::uint32_t network = 0;  // IPv4, host byte order, already masked
  std::uint8_t prefix = 32;
  bool contains(std::uint32_t ip) const {
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    return (ip & mask) == network;
  }
};

// Dotted quad: 0xC0000201 -> "192.0.2.1".
std::string format_ipv4(std::uint32_t address);

}  // namespace relaysim::mta
