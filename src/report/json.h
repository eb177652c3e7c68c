// The little JSON the outputs need: escaped strings (times are seconds_text.h's), written
// by hand so that the bytes are the same on every platform.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/sim_time.h"

namespace relaysim::report {

// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
// "01:02:03.456" for transcripts (days added as "2d 01:02:03.456" when needed).
std::string clock_time(sim::SimTime t);

}  // namespace relaysim::report
