#include "report/json.h"

#include <cstdio>

namespace relaysim::report {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_seconds(std::string& out, sim::SimTime t) {
  char buffer[32];
  const long long whole = t / sim::kSecond;
  const long long micros = t % sim::kSecond;
  std::snprintf(buffer, sizeof buffer, "%lld.%06lld", whole, micros < 0 ? -micros : micros);
  out += buffer;
}

std::string clock_time(sim::SimTime t) {
  const long long days = t / sim::kDay;
  const long long h = (t % sim::kDay) / sim::kHour;
  const long long m = (t % sim::kHour) / sim::kMinute;
  const long long s = (t % sim::kMinute) / sim::kSecond;
  const long long ms = (t % sim::kSecond) / sim::kMillisecond;
  char buffer[48];
  if (days > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldd %02lld:%02lld:%02lld.%03lld", days, h, m, s, ms);
  } else {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld.%03lld", h, m, s, ms);
  }
  return buffer;
}

}  // namespace relaysim::report
