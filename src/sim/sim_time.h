// Simulated time: integer microseconds since the start of a run, so that every
// platform and compiler orders events identically (no floating-point drift).
#pragma once

#include <cstdint>

namespace relaysim::sim {

using SimTime = std::int64_t;  // microseconds

inline constexpr SimTime kMicrosecond = 1;
inline constexpr SimTime kMillisecond = 1000;
inline constexpr SimTime kSecond = 1000 * kMillisecond;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kDay = 24 * kHour;

// Later than any run can reach (about 31,700 years), yet far from overflowing when added to a time.
inline constexpr SimTime kNever = SimTime{1} << 60;

constexpr double to_seconds(SimTime t) { return static_cast<double>(t) / kSecond; }

// A drawn interval in whole microseconds: at least 1 (events never repeat at one instant
// forever), at most kNever (a double that does not fit the clock is not undefined behaviour).
constexpr SimTime interval_from_seconds(double seconds) {
  const double micros = seconds * static_cast<double>(kSecond);
  if (!(micros < static_cast<double>(kNever))) return kNever;  // also NaN
  return micros < 1 ? 1 : static_cast<SimTime>(micros);
}

}  // namespace relaysim::sim
