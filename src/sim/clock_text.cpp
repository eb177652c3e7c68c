#include "sim/clock_text.h"

#include <cstdio>

namespace relaysim::sim {

std::string clock_time(SimTime t) {
  const long long days = t / kDay;
  const long long h = (t % kDay) / kHour;
  const long long m = (t % kHour) / kMinute;
  const long long s = (t % kMinute) / kSecond;
  const long long ms = (t % kSecond) / kMillisecond;
  char buffer[48];
  if (days > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldd %02lld:%02lld:%02lld.%03lld", days, h, m, s, ms);
  } else {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld.%03lld", h, m, s, ms);
  }
  return buffer;
}

}  // namespace relaysim::sim
