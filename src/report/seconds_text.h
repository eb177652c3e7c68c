// Simulated times as decimal seconds for the outputs, exact (integer arithmetic, never a
// double), so that a time is written as the same bytes on every platform.
#pragma once

#include <string>

#include "sim/sim_time.h"

namespace relaysim::report {

// Six decimals, as the JSON outputs write times: 12.000345, 3600.000000.
void append_seconds(std::string& out, sim::SimTime t);
// A time read back from the seconds an output wrote: they are whole microseconds, which a double
// holds closely enough to round back to exactly.
sim::SimTime time_of_seconds(double seconds);
// As few decimals as the time needs, as metrics.csv writes them for pandas and R: "3600",
// "1.5", "0.000001".
void append_seconds_briefly(std::string& out, sim::SimTime t);

}  // namespace relaysim::report
