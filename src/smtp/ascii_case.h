// ASCII case folding, as SMTP compares verbs, keywords and domains and as Postfix folds names:
// only A-Z and a-z change, whatever the locale, so the other bytes of UTF-8 text pass untouched.
#pragma once

#include <string>
#include <string_view>

namespace relaysim::smtp {

constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// "MX.Example.ORG" -> "mx.example.org"
std::string lowercase(std::string_view text);
// "ehlo" and "EHLO" are equal; "é" and "É" are not (they are not ASCII).
bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace relaysim::smtp
