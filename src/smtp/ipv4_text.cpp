#include "smtp/ipv4_text.h"

#include <charconv>

namespace relaysim::smtp {

void append_ipv4(std::uint32_t address, std::string& out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    char digits[3];
    const char* end = std::to_chars(digits, digits + sizeof digits, (address >> shift) & 0xFFu).ptr;
    out.append(digits, static_cast<std::size_t>(end - digits));
    if (shift > 0) out += '.';
  }
}

std::string format_ipv4(std::uint32_t address) {
  std::string text;
  append_ipv4(address, text);
  return text;
}

}  // namespace relaysim::smtp
