// UTF-8 as SMTP text meets it (RFC 6531 allows it in addresses): decoding one character at a
// time, so that hostile bytes from a client or a file are found, or replaced, never passed on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace relaysim::smtp {

// One character: its code point and its length in bytes; length 0 when the bytes at that
// place are not a well-formed UTF-8 sequence (overlong forms and surrogates included).
struct Utf8Char {
  std::uint32_t code_point = 0;
  std::size_t length = 0;
};

// The character starting at text[i] (i < text.size()).
Utf8Char decode_utf8(std::string_view text, std::size_t i);

// Appends `text` to `out` with every byte that does not belong to a well-formed character
// replaced by U+FFFD, the replacement character (what Unicode prescribes for decoders).
void append_valid_utf8(std::string& out, std::string_view text);

}  // namespace relaysim::smtp
