// Loading a scenario: YAML text -> validated ScenarioSpec with every default filled in, or a
// ScenarioError listing every problem found as "file:line:col: error: message".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scenario/diagnostics.h"
#include "scenario/scenario_overrides.h"
#include "scenario/scenario_spec.h"

namespace relaysim::scenario {

// Reads and parses the file; spec.file is `path`. A file that cannot be read gives
// "path: error: cannot open: <reason>". Throws ScenarioError.
ScenarioSpec load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {});

// Parses YAML text; `file_name` is used in diagnostics and stored as spec.file. `overrides` change
// the parsed tree, in order, before it is read; errors in them name them. Throws ScenarioError.
ScenarioSpec parse_scenario(std::string_view yaml_text, const std::string& file_name,
                            const std::vector<Override>& overrides = {});

}  // namespace relaysim::scenario
