// Base64 with a 256-entry reverse table built at compile time.
#include "smtp/base64.h"

#include <array>
#include <cstdint>

namespace relaysim::smtp {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0xFF;

constexpr std::array<std::uint8_t, 256> make_reverse_table() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}
constexpr auto kReverse = make_reverse_table();

std::uint8_t sextet(char c) { return kReverse[static_cast<unsigned char>(c)]; }

}  // namespace

void base64_encode(std::string_view data, std::string& out) {
  out.reserve(out.size() + (data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t group = (std::uint32_t{static_cast<unsigned char>(data[i])} << 16) |
                                (std::uint32_t{static_cast<unsigned char>(data[i + 1])} << 8) |
                                std::uint32_t{static_cast<unsigned char>(data[i + 2])};
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += kAlphabet[(group >> 6) & 63];
    out += kAlphabet[group & 63];
  }
  const std::size_t rest = data.size() - i;
  if (rest == 0) return;
  std::uint32_t group = std::uint32_t{static_cast<unsigned char>(data[i])} << 16;
  if (rest == 2) group |= std::uint32_t{static_cast<unsigned char>(data[i + 1])} << 8;
  out += kAlphabet[(group >> 18) & 63];
  out += kAlphabet[(group >> 12) & 63];
  out += rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
  out += '=';
}

bool base64_decode(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    // '=' may only pad the final group: "xx==" or "xxx=".
    const std::size_t padding = !last ? 0 : text[i + 3] != '=' ? 0 : text[i + 2] == '=' ? 2 : 1;
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const std::uint8_t value = k >= 4 - padding ? 0 : sextet(text[i + k]);
      if (value == kInvalid) return false;
      group = (group << 6) | value;
    }
    out += static_cast<char>((group >> 16) & 0xFF);
    if (padding < 2) out += static_cast<char>((group >> 8) & 0xFF);
    if (padding < 1) out += static_cast<char>(group & 0xFF);
  }
  return true;
}

}  // namespace relaysim::smtp
