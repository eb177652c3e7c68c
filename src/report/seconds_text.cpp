#include "report/seconds_text.h"

#include <cmath>
#include <cstdio>

namespace relaysim::report {

void append_seconds(std::string& out, sim::SimTime t) {
  char buffer[32];
  const long long whole = t / sim::kSecond;
  const long long micros = t % sim::kSecond;
  std::snprintf(buffer, sizeof buffer, "%lld.%06lld", whole, micros < 0 ? -micros : micros);
  out += buffer;
}

sim::SimTime time_of_seconds(double seconds) { return std::llround(seconds * static_cast<double>(sim::kSecond)); }

void append_seconds_briefly(std::string& out, sim::SimTime t) {
  append_seconds(out, t);
  // The six decimals less their trailing zeros, and the point too when all six were zeros.
  const std::size_t last = out.find_last_not_of('0');
  out.resize(out[last] == '.' ? last : last + 1);
}

}  // namespace relaysim::report
