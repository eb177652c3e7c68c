#include "scenario/units.h"

#include "mail/mail_date.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <cctype>
#include <limits>

#include "smtp/ascii_case.h"

namespace relaysim::scenario {
namespace {

struct Unit {
  std::string_view name;
  std::uint64_t factor;  // in the base unit (microseconds, bytes)
};

constexpr std::array<Unit, 7> kDurationUnits{{
    {"us", 1}, {"ms", 1000}, {"s", 1000000}, {"m", 60000000ULL}, {"h", 3600000000ULL},
    {"d", 86400000000ULL}, {"w", 604800000000ULL},
}};
constexpr std::string_view kDurationUnitList = "us, ms, s, m, h, d, w";

constexpr std::array<Unit, 7> kSizeUnits{{
    {"B", 1}, {"KB", 1000}, {"MB", 1000000}, {"GB", 1000000000ULL},
    {"KiB", 1024}, {"MiB", 1048576}, {"GiB", 1073741824ULL},
}};
constexpr std::string_view kSizeUnitList = "B, KB, MB, GB, KiB, MiB, GiB";

struct RatePeriod {
  std::string_view name;
  double per_hour;  // how many such periods make an hour
};
constexpr std::array<RatePeriod, 4> kRatePeriods{{{"s", 3600.0}, {"m", 60.0}, {"h", 1.0}, {"d", 1.0 / 24.0}}};

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// "expected a duration like 250ms, 5m, 2h, got 'x'" (or "got nothing").
ParseError expected(const char* what, std::string_view text) {
  if (text.empty()) return ParseError(text::N_("expected {1}, got nothing"), {translated_arg(what)});
  return ParseError(text::N_("expected {1}, got {2}"), {translated_arg(what), quoted(text)});
}

constexpr const char* kTooLarge = text::N_("{1} is too large");

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A decimal number "12" or "1.25" as mantissa 125 and 2 fraction digits, so that units can be
// applied exactly (binary floating point would turn 1.1h into 3959999999us).
struct Decimal {
  std::uint64_t mantissa = 0;
  int fraction_digits = 0;
};

// Splits "1.5MB" into the number and the unit; nullopt when there is no number, or too long a one.
std::optional<std::pair<Decimal, std::string_view>> split_number(std::string_view text) {
  Decimal d;
  std::size_t i = 0;
  bool dot = false;
  int digits_before_dot = 0;
  for (; i < text.size() && (is_digit(text[i]) || (text[i] == '.' && !dot)); ++i) {
    if (text[i] == '.') {
      dot = true;
      continue;
    }
    digits_before_dot += dot ? 0 : 1;
    if (d.mantissa > (std::numeric_limits<std::uint64_t>::max() - 9) / 10 || d.fraction_digits >= 18) {
      return std::nullopt;
    }
    d.mantissa = d.mantissa * 10 + static_cast<std::uint64_t>(text[i] - '0');
    d.fraction_digits += dot ? 1 : 0;
  }
  // Both sides of a decimal point need digits: ".5h" and "5.h" are more likely typos than intent.
  if (digits_before_dot == 0 || (dot && d.fraction_digits == 0)) return std::nullopt;
  return std::pair{d, text.substr(i)};
}

std::uint64_t pow10(int n) {
  std::uint64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

enum class Exactness { Ok, Overflow, Fraction };

// mantissa * factor / 10^digits, only when that is a whole number that fits.
Exactness scale(const Decimal& d, std::uint64_t factor, std::uint64_t& out) {
  std::uint64_t product = 0;
  if (__builtin_mul_overflow(d.mantissa, factor, &product)) return Exactness::Overflow;
  std::uint64_t divisor = pow10(d.fraction_digits);
  if (product % divisor != 0) return Exactness::Fraction;
  out = product / divisor;
  return Exactness::Ok;
}

template <class U, std::size_t N>
const U* find_unit(const std::array<U, N>& units, std::string_view name) {
  for (const U& u : units) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

// The grammar shared by durations and sizes: a decimal number and a unit from the table.
template <std::size_t N>
Parsed<std::uint64_t> parse_with_unit(std::string_view text, const char* what, const std::array<Unit, N>& units,
                                      std::string_view unit_list, const char* base_name) {
  using P = Parsed<std::uint64_t>;
  if (!text.empty() && text[0] == '-') return P::fail(text::N_("{1} is negative: expected {2}"), {quoted(text), translated_arg(what)});
  if (text == "0") return Parsed<std::uint64_t>::ok(0);
  auto split = split_number(text);
  if (!split) return P::fail(expected(what, text));
  auto [number, unit_name] = *split;
  if (unit_name.empty()) {
    return P::fail(text::N_("{1} has no unit: expected {2} (units: {3})"), {quoted(text), translated_arg(what), unit_list});
  }
  const Unit* unit = find_unit(units, unit_name);
  if (unit == nullptr) {
    return P::fail(text::N_("{1} has an unknown unit {2}: expected {3} (units: {4})"),
                   {quoted(text), quoted(unit_name), translated_arg(what), unit_list});
  }
  std::uint64_t value = 0;
  switch (scale(number, unit->factor, value)) {
    case Exactness::Overflow: return P::fail(kTooLarge, {quoted(text)});
    case Exactness::Fraction: return P::fail(base_name, {quoted(text)});
    case Exactness::Ok: break;
  }
  return Parsed<std::uint64_t>::ok(value);
}

// Reads up to three decimal digits of one octet, rejecting leading zeros and values over 255.
std::optional<std::uint32_t> parse_octet(std::string_view part) {
  if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : part) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return v <= 255 ? std::optional(v) : std::nullopt;
}

}  // namespace

ParseError::Arg translated_arg(const char* msgid) {
  ParseError::Arg arg(msgid);
  arg.translated = true;
  return arg;
}

std::string ParseError::said(const text::Catalog& catalog) const {
  std::vector<std::string> texts;
  for (const Arg& a : args_) texts.push_back(a.translated ? catalog.tr(a.text.c_str()) : a.text);
  return catalog.tr_args(msgid_, std::vector<std::string_view>(texts.begin(), texts.end()));
}

Parsed<SimTime> parse_duration(std::string_view text) {
  auto r = parse_with_unit(text, kDurationExpected, kDurationUnits, kDurationUnitList,
                           text::N_("{1} is not a whole number of microseconds"));
  const ParseError too_long(text::N_("{1} is too long: expected at most 36500d (100 years)"), {quoted(text)});
  if (!r) return Parsed<SimTime>::fail(r.why().is(kTooLarge) ? too_long : r.why());
  if (r.value() > static_cast<std::uint64_t>(kMaxDuration)) return Parsed<SimTime>::fail(too_long);
  return Parsed<SimTime>::ok(static_cast<SimTime>(r.value()));
}

Parsed<std::uint64_t> parse_size(std::string_view text) {
  return parse_with_unit(text, kSizeExpected, kSizeUnits, kSizeUnitList, text::N_("{1} is not a whole number of bytes"));
}

Parsed<double> parse_rate(std::string_view text) {
  using P = Parsed<double>;
  if (!text.empty() && text[0] == '-') {
    return P::fail(text::N_("{1} is negative: expected {2}"), {quoted(text), translated_arg(kRateExpected)});
  }
  auto slash = text.find('/');
  auto number = text.substr(0, slash);
  auto split = split_number(number);
  if (!split || !split->second.empty()) return P::fail(expected(kRateExpected, text));
  if (slash == std::string_view::npos) {
    return P::fail(text::N_("{1} has no period: expected {2} or 100/d"), {quoted(text), translated_arg(kRateExpected)});
  }
  std::string_view period = text.substr(slash + 1);
  const RatePeriod* unit = find_unit(kRatePeriods, period);
  if (unit == nullptr) {
    return P::fail(text::N_("{1} has an unknown period {2}: expected {3} or 100/d (periods: s, m, h, d)"),
                   {quoted(text), quoted(period), translated_arg(kRateExpected)});
  }
  double value = 0;
  std::from_chars(number.data(), number.data() + number.size(), value);
  const double per_hour = value * unit->per_hour;
  // Both ends keep the drawn intervals inside the clock: beyond one a microsecond events would
  // share instants, and below one a year nothing happens in any run anyone waits for.
  if (per_hour > kMaxRatePerHour) {
    return P::fail(text::N_("{1} is faster than the clock, which counts microseconds: expected at most 1000000/s"),
                   {quoted(text)});
  }
  if (per_hour > 0 && per_hour < kMinRatePerHour) {
    return P::fail(text::N_("{1} is too slow to send anything: expected at least 0.0001/h (about one a year), or 0/h "
                            "for none"),
                   {quoted(text)});
  }
  return Parsed<double>::ok(per_hour);
}

Parsed<std::uint32_t> parse_ipv4(std::string_view text) {
  std::uint32_t address = 0;
  std::string_view rest = text;
  for (int i = 0; i < 4; ++i) {
    auto dot = rest.find('.');
    if ((i < 3) == (dot == std::string_view::npos)) return Parsed<std::uint32_t>::fail(expected(kIpv4Expected, text));
    auto octet = parse_octet(rest.substr(0, dot));
    if (!octet) return Parsed<std::uint32_t>::fail(expected(kIpv4Expected, text));
    address = (address << 8) | *octet;
    rest = i < 3 ? rest.substr(dot + 1) : std::string_view{};
  }
  return Parsed<std::uint32_t>::ok(address);
}

Parsed<Cidr> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  auto address = parse_ipv4(text.substr(0, slash));
  if (!address) return Parsed<Cidr>::fail(expected(kCidrExpected, text));
  Cidr cidr{address.value(), 32};
  if (slash != std::string_view::npos) {
    auto prefix = text.substr(slash + 1);
    auto bits = parse_count(prefix);
    if (!bits || bits.value() > 32 || (prefix.size() > 1 && prefix[0] == '0')) {
      return Parsed<Cidr>::fail(text::N_("{1} has a bad prefix length: expected {2} (prefix 0 to 32)"),
                                {quoted(text), translated_arg(kCidrExpected)});
    }
    cidr.prefix = static_cast<std::uint8_t>(bits.value());
  }
  std::uint32_t masked = cidr.network & mta::cidr_mask(cidr.prefix);
  if (masked != cidr.network) {
    return Parsed<Cidr>::fail(text::N_("{1} has host bits set, did you mean {2}?"),
                              {quoted(text), mta::format_cidr({masked, cidr.prefix})});
  }
  return Parsed<Cidr>::ok(cidr);
}

Parsed<std::uint64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 19) return Parsed<std::uint64_t>::fail(expected(kCountExpected, text));
  std::uint64_t v = 0;
  for (char c : text) {
    if (!is_digit(c)) return Parsed<std::uint64_t>::fail(expected(kCountExpected, text));
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return Parsed<std::uint64_t>::ok(v);
}

Parsed<std::int64_t> parse_timestamp(std::string_view text) {
  if (const auto t = mail::parse_utc_timestamp(text)) return Parsed<std::int64_t>::ok(*t);
  return Parsed<std::int64_t>::fail(expected(kTimestampExpected, text));
}

Parsed<std::string> parse_hostname(std::string_view text) {
  std::string name;
  std::size_t label = 0;  // length of the label being read
  bool ok = !text.empty() && text.size() <= 253;
  for (std::size_t i = 0; ok && i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      ok = label > 0 && name.back() != '-';
      label = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || (c == '-' && label > 0)) {
      ok = ++label <= 63;
    } else {
      ok = false;
    }
    name += smtp::to_lower(c);
  }
  if (!ok || label == 0 || name.back() == '-') return Parsed<std::string>::fail(expected(kHostnameExpected, text));
  return Parsed<std::string>::ok(std::move(name));
}

std::string format_duration(SimTime duration) {
  if (duration == 0) return "0";
  // Largest unit first; weeks are left out because "14d" reads better than "2w".
  for (auto it = kDurationUnits.rbegin() + 1; it != kDurationUnits.rend(); ++it) {
    auto factor = static_cast<SimTime>(it->factor);
    if (duration % factor == 0) return std::to_string(duration / factor) + std::string(it->name);
  }
  return std::to_string(duration) + "us";
}

Parsed<double> parse_fraction(std::string_view text) {
  const bool percent = !text.empty() && text.back() == '%';
  const std::string number(percent ? text.substr(0, text.size() - 1) : text);
  char* end = nullptr;
  const double value = number.empty() ? 0 : std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !(value == value)) {
    return Parsed<double>::fail(text::N_("{1} is not {2}"), {quoted(text), translated_arg(kFractionExpected)});
  }
  const double share = percent ? value / 100 : value;
  if (share < 0 || share > 1) {
    return Parsed<double>::fail(text::N_("{1} is not between 0 and {2}"), {quoted(text), percent ? "100%" : "1"});
  }
  return Parsed<double>::ok(share);
}

}  // namespace relaysim::scenario
