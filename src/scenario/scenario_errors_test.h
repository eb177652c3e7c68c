// Test support: the formatted diagnostics of loading a scenario text, as a user would read them.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario_loader.h"

namespace relaysim::scenario::testing {

// "file:line:col: error: ..." for each problem in `yaml`, or an empty list if it loads.
inline std::vector<std::string> errors_of(const std::string& yaml, const std::string& file = "t.yaml") {
  try {
    parse_scenario(yaml, file);
  } catch (const ScenarioError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) lines.push_back(format_diagnostic(d));
    return lines;
  }
  return {};
}

}  // namespace relaysim::scenario::testing
