// The little JSON the outputs need: escaped strings and times as fixed-point seconds,
// written by hand so that the bytes are the same on every platform.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/sim_time.h"

namespace relaysim::report {

// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
// Appends a time as seconds with six decimals, e.g. 12.000345 (exact: integer arithmetic).
void append_seconds(std::string& out, sim::SimTime t);
// "01:02:03.456" for transcripts (days added as "2d 01:02:03.456" when needed).
std::string clock_time(sim::SimTime t);

}  // namespace relaysim::report
