// Loading a scenario: YAML text -> validated ScenarioSpec with every default filled in, or a
// ScenarioError listing every problem found as "file:line:col: error: message".
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/diagnostics.h"
#include "scenario/scenario_overrides.h"
#include "scenario/scenario_spec.h"
#include "text/catalog.h"

namespace relaysim::scenario {

// The most work a run may take on before it starts: recipient copies, relay probes and rows of
// metrics.csv, estimated from the scenario (relaysim's --max-work raises it).
inline constexpr double kDefaultMaxWork = 1e7;

// What the caller knows of the run a scenario is loaded for.
struct LoadLimits {
  std::optional<sim::SimTime> until;  // the run ends here instead of at duration: (--until)
  double max_work = kDefaultMaxWork;
  // The language of the diagnostics (--lang); English by default. Kept by value: a catalogue is a
  // shared locale, cheap to copy, and limits are copied into plans that outlive the command line.
  text::Catalog catalog = {};
};

// A scenario file's bytes, as the loader reads them: a FIFO without a writer reads as empty, a
// file over kMaxScenarioBytes is refused unread. Throws ScenarioError.
std::string read_scenario_text(const std::string& path, const text::Catalog& catalog = {});

// The bytes of a file the loader reads, opened without blocking: at most `max_bytes` (beyond,
// "path:1:1: error: <too_large>", a text of the catalogue); `regular_only` refuses devices, FIFOs
// and folders, for files a scenario names (which must not hang or flood a run). Throws
// ScenarioError naming `path`, in `catalog`'s language.
std::string read_bounded_file(const std::string& path, std::size_t max_bytes, const char* too_large,
                              bool regular_only, const text::Catalog& catalog = {});

// The warnings of `specs`, one "file:line:col: warning: message" line each (newline-terminated),
// each once however many specs repeat it (an experiment loads its file once per configuration).
std::string format_warnings(std::span<const ScenarioSpec> specs, const text::Catalog& catalog = {});

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
