// Loading a scenario: YAML text -> validated ScenarioSpec with every default filled in, or a
// ScenarioError listing every problem found as "file:line:col: error: message".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/diagnostics.h"
#include "scenario/scenario_overrides.h"
#include "scenario/scenario_spec.h"

namespace relaysim::scenario {

// The most work a run may take on before it starts: recipient copies, relay probes and rows of
// metrics.csv, estimated from the scenario (relaysim's --max-work raises it).
inline constexpr double kDefaultMaxWork = 1e7;

// What the caller knows of the run a scenario is loaded for.
struct LoadLimits {
  std::optional<sim::SimTime> until;  // the run ends here instead of at duration: (--until)
  double max_work = kDefaultMaxWork;
};

// A scenario file's bytes, as the loader reads them: a FIFO without a writer reads as empty, a
// file over kMaxScenarioBytes is refused unread. Throws ScenarioError.
std::string read_scenario_text(const std::string& path);

// Reads and parses the file; spec.file is `path`. A file that cannot be read gives
// "path: error: cannot open: <reason>". Throws ScenarioError.
// Files over kMaxScenarioBytes are refused unread. Throws ScenarioError.
ScenarioSpec load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {},
                                const LoadLimits& limits = {});

// Parses YAML text; `file_name` is used in diagnostics and stored as spec.file. `overrides` change
// the parsed tree, in order, before it is read; errors in them name them. Throws ScenarioError.
ScenarioSpec parse_scenario(std::string_view yaml_text, const std::string& file_name,
                            const std::vector<Override>& overrides = {}, const LoadLimits& limits = {});

}  // namespace relaysim::scenario
