// Loading a scenario: YAML text -> validated ScenarioSpec with every default filled in, or a
// ScenarioError listing every problem found as "file:line:col: error: message".
#pragma once

#include <string>
#include <string_view>

#include "scenario/diagnostics.h"
#include "scenario/scenario_spec.h"

namespace relaysim::scenario {

// Reads and parses the file; spec.file is `path`. A file that cannot be read gives
// "path: error: cannot open: <reason>". Throws ScenarioError.
ScenarioSpec load_scenario_file(const std::string& path);

// Parses YAML text; `file_name` is used in diagnostics and stored as spec.file. Throws ScenarioError.
ScenarioSpec parse_scenario(std::string_view yaml_text, const std::string& file_name);

}  // namespace relaysim::scenario
