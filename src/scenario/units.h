// Parsers for the scalar values a scenario is written in: durations, sizes, rates, IPv4
// addresses and CIDR networks. Each returns the value or a message saying what was expected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/catalog.h"

#include "scenario/scenario_spec.h"

namespace relaysim::scenario {

// Why a text is not a value, in any language: a msgid with {1}, {2}... and their values. A value
// marked `translated` is itself a text of the catalogue (what was expected: "a duration like 30s").
class ParseError {
 public:
  struct Arg {
    Arg(std::string text) : text(std::move(text)) {}
    Arg(std::string_view text) : text(text) {}
    Arg(const char* text) : text(text) {}
    std::string text;
    bool translated = false;
  };
  ParseError() = default;
  ParseError(const char* msgid, std::vector<Arg> args) : msgid_(msgid), args_(std::move(args)) {}

  std::string said(const text::Catalog& catalog) const;
  bool is(const char* msgid) const { return std::string_view(msgid_) == msgid; }

 private:
  const char* msgid_ = "";
  std::vector<Arg> args_;
};

// An argument of a ParseError that is itself translated.
ParseError::Arg translated_arg(const char* msgid);

// A parsed value, or why the text is not one. The message names the text and what was expected,
// so the loader only prefixes the key and the position.
template <class T>
class Parsed {
 public:
  static Parsed ok(T value) { return Parsed(std::move(value), {}); }
  static Parsed fail(const char* msgid, std::vector<ParseError::Arg> args = {}) {
    return Parsed(std::nullopt, ParseError(msgid, std::move(args)));
  }
  static Parsed fail(ParseError error) { return Parsed(std::nullopt, std::move(error)); }

  explicit operator bool() const { return value_.has_value(); }
  const T& value() const { return *value_; }
  // In English, as the command-line options and the tests read it; or in `catalog`'s language.
  std::string error() const { return error_.said(text::Catalog()); }
  std::string error(const text::Catalog& catalog) const { return error_.said(catalog); }
  const ParseError& why() const { return error_; }

 private:
  Parsed(std::optional<T> value, ParseError error) : value_(std::move(value)), error_(std::move(error)) {}
  std::optional<T> value_;
  ParseError error_;
};

// What each parser accepts, worded to follow "expected ..." in diagnostics (texts of the catalogue).
inline constexpr const char* kDurationExpected = text::N_("a duration like 250ms, 5m, 2h");
inline constexpr const char* kSizeExpected = text::N_("a size like 500B, 20KB, 10MB");
inline constexpr const char* kRateExpected = text::N_("a rate like 20/h, 5/m, 1/s");
inline constexpr const char* kIpv4Expected = text::N_("an IPv4 address like 192.0.2.1");
inline constexpr const char* kCidrExpected = text::N_("a network like 192.0.2.0/24");
inline constexpr const char* kCountExpected = text::N_("a whole number like 10");
inline constexpr const char* kHostnameExpected = text::N_("a host name like mx.example.org");
inline constexpr const char* kFractionExpected = text::N_("a share like 12.8% or 0.128");
inline constexpr const char* kTimestampExpected = text::N_("a UTC date and time like 2026-03-02T09:00:00Z");

// The longest duration a scenario may give, so that sums of times never overflow the clock.
inline constexpr SimTime kMaxDuration = 36500 * sim::kDay;
// Rates, in events per hour: at most one a microsecond, at least about one a year.
inline constexpr double kMaxRatePerHour = 3.6e9;
inline constexpr double kMinRatePerHour = 1e-4;

// "100us", "250ms", "30s", "5m", "2h", "3d", "1w"; a decimal number is allowed when the result is
// a whole number of microseconds ("1.5h"). A unit is required: "0" alone is the only bare number.
Parsed<SimTime> parse_duration(std::string_view text);

// "500B", "20KB", "1.5MB", "2GB" in SI units (KB = 1000 B); "64KiB", "10MiB", "1GiB" in binary
// units (KiB = 1024 B). The result must be whole bytes. "0" alone is the only bare number.
Parsed<std::uint64_t> parse_size(std::string_view text);

// "12.8%" or "0.128": a probability, from 0 to 1.
Parsed<double> parse_fraction(std::string_view text);

// "20/h", "5/m", "1/s", "100/d", "0.5/h": events per hour.
Parsed<double> parse_rate(std::string_view text);

// Dotted quad, four decimal octets without leading zeros (inet_aton would read "010" as octal).
// The result is in host byte order: 192.0.2.1 -> 0xC0000201.
Parsed<std::uint32_t> parse_ipv4(std::string_view text);

// "192.0.2.0/24"; a bare address means /32. Host bits set are an error (Postfix masks them with
// a warning; here the error suggests the network that was probably meant).
Parsed<Cidr> parse_cidr(std::string_view text);

// A non-negative decimal integer without sign, exponent or leading "0x".
Parsed<std::uint64_t> parse_count(std::string_view text);

// A DNS name of letters, digits and hyphens in dot-separated labels, returned in lower case
// ("MX.Example.ORG" -> "mx.example.org"). A trailing dot is not allowed.
Parsed<std::string> parse_hostname(std::string_view text);

// "2026-03-02T09:00:00Z" (RFC 3339 in UTC, whole seconds): seconds since 1970.
Parsed<std::int64_t> parse_timestamp(std::string_view text);

// The shortest exact form: 90 * kMinute -> "90m", 1500 * kMillisecond -> "1500ms", 0 -> "0".
std::string format_duration(SimTime duration);

}  // namespace relaysim::scenario
