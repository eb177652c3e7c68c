// yaml-cpp's terse parse errors ("illegal map value", "bad file") restated in plain words,
// saying what is wrong and what was expected, at the place the reader can fix.
#pragma once

#include <string_view>

#include <yaml-cpp/exceptions.h>

#include "scenario/diagnostics.h"

namespace relaysim::scenario {

// Records the error yaml-cpp threw while parsing `text` (the whole file) in `diagnostics`.
void report_yaml_error(const YAML::Exception& error, std::string_view text, DiagnosticList& diagnostics);

}  // namespace relaysim::scenario
