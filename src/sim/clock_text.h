// The simulated clock as people read it: "01:02:03.456" (transcripts, progress and status lines).
#pragma once

#include <string>

#include "sim/sim_time.h"

namespace relaysim::sim {

// "01:02:03.456" (days added as "2d 01:02:03.456" when needed).
std::string clock_time(SimTime t);

}  // namespace relaysim::sim
