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

constexpr double to_seconds(SimTime t) { return static_cast<double>(t) / kSecond; }

}  // namespace relaysim::sim
