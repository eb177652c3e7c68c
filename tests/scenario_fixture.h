// Helpers for tests that run the shipped scenarios: find them, load them, run them.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run/scenario_run.h"
#include "scenario/scenario_loader.h"

namespace relaysim::testing {

inline std::filesystem::path source_dir() {
  const char* dir = std::getenv("RELAYSIM_SOURCE_DIR");
  return dir ? std::filesystem::path(dir) : std::filesystem::current_path();
}

// A file's bytes, "" when it cannot be read.
inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline scenario::ScenarioSpec shipped_scenario(const std::string& file) {
  return scenario::load_scenario_file((source_dir() / "scenarios" / file).string());
}

// The scenario with one agent only (and no links to the others), to watch one sender alone.
inline scenario::ScenarioSpec with_only_agent(scenario::ScenarioSpec spec, const std::string& name) {
  std::erase_if(spec.agents, [&](const auto& a) { return a.name != name; });
  std::erase_if(spec.links, [&](const auto& l) {
    const auto is_other_agent = [&](const std::string& n) {
      return std::none_of(spec.mtas.begin(), spec.mtas.end(), [&](const auto& m) { return m.name == n; }) &&
             n != name;
    };
    return is_other_agent(l.a) || is_other_agent(l.b);
  });
  return spec;
}

// Runs a scenario without writing files; all transcripts when asked.
inline run::RunResult run_in_memory(const scenario::ScenarioSpec& spec, bool transcripts = false) {
  run::RunOptions options;
  options.trace = false;
  options.transcripts.mode =
      transcripts ? report::TranscriptChoice::Mode::All : report::TranscriptChoice::Mode::None;
  return run::run_scenario(spec, options);
}

inline const report::ClassTotals& ham(const run::RunResult& r) { return r.totals.classes[0]; }
inline const report::ClassTotals& spam(const run::RunResult& r) { return r.totals.classes[1]; }
inline const report::ClassTotals& dsn(const run::RunResult& r) { return r.totals.classes[2]; }

inline std::uint64_t fate(const report::ClassTotals& c, world::Fate f) { return c.fates[static_cast<int>(f)]; }

inline const report::MtaTotals& server(const run::RunResult& r, const std::string& name) {
  for (const auto& m : r.totals.mtas) {
    if (m.name == name) return m;
  }
  throw std::runtime_error("no MTA named " + name);
}

}  // namespace relaysim::testing
