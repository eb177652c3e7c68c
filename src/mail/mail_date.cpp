#include "mail/mail_date.h"

#include <array>
#include <cstdio>

namespace relaysim::mail {
namespace {

constexpr std::array<const char*, 7> kWeekdays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // from 1970-01-01
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr UnixSeconds kDay = 86400;

struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int weekday = 0;  // index into kWeekdays
};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = static_cast<int>(y - era * 400);
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime civil_from_seconds(UnixSeconds t) {
  std::int64_t days = t / kDay;
  std::int64_t rest = t % kDay;
  if (rest < 0) {
    rest += kDay;
    --days;
  }
  CivilTime c;
  c.weekday = static_cast<int>(((days % 7) + 7) % 7);
  c.hour = static_cast<int>(rest / 3600);
  c.minute = static_cast<int>(rest / 60 % 60);
  c.second = static_cast<int>(rest % 60);
  // civil_from_days, the inverse of days_from_civil.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2));
  return c;
}

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

std::optional<UnixSeconds> parse_utc_timestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SSZ
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  CivilTime c;
  if (!digits(text, 0, 4, c.year) || !digits(text, 5, 2, c.month) || !digits(text, 8, 2, c.day) ||
      !digits(text, 11, 2, c.hour) || !digits(text, 14, 2, c.minute) || !digits(text, 17, 2, c.second)) {
    return std::nullopt;
  }
  if (c.year < 1970 || c.month < 1 || c.month > 12 || c.day < 1 || c.day > days_in_month(c.year, c.month) ||
      c.hour > 23 || c.minute > 59 || c.second > 59) {
    return std::nullopt;
  }
  return days_from_civil(c.year, c.month, c.day) * kDay + c.hour * 3600 + c.minute * 60 + c.second;
}

std::string utc_timestamp(UnixSeconds t) {
  const CivilTime c = civil_from_seconds(t);
  std::array<char, 32> out{};
  std::snprintf(out.data(), out.size(), "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute,
                c.second);
  return out.data();
}

std::string rfc5322_date(UnixSeconds t) {
  const CivilTime c = civil_from_seconds(t);
  std::array<char, 48> out{};
  std::snprintf(out.data(), out.size(), "%s, %2d %s %04d %02d:%02d:%02d +0000 (UTC)", kWeekdays[c.weekday], c.day,
                kMonths[static_cast<std::size_t>(c.month - 1)], c.year, c.hour, c.minute, c.second);
  return out.data();
}

std::string asctime_date(UnixSeconds t) {
  const CivilTime c = civil_from_seconds(t);
  std::array<char, 40> out{};
  std::snprintf(out.data(), out.size(), "%s %s %2d %02d:%02d:%02d %04d", kWeekdays[c.weekday],
                kMonths[static_cast<std::size_t>(c.month - 1)], c.day, c.hour, c.minute, c.second, c.year);
  return out.data();
}

}  // namespace relaysim::mail
