// IPv4 addresses as text: the dotted quad of SMTP address literals ([192.0.2.1]) and of every
// address the outputs show. Addresses are kept in host byte order: 0xC0000201 is 192.0.2.1.
#pragma once

#include <cstdint>
#include <string>

namespace relaysim::smtp {

// Appends the dotted quad to `out`; the wire formatter builds replies this way, without a string per part.
void append_ipv4(std::uint32_t address, std::string& out);
// 0xC0000201 -> "192.0.2.1"
std::string format_ipv4(std::uint32_t address);

}  // namespace relaysim::smtp
