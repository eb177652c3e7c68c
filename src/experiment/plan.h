// The runs of an experiment or comparison, in their fixed order: each configuration (a variant
// at one sweep point, or one scenario of a comparison) once per replication. A run's number is
// its place in this order, whatever machine or thread runs it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/sim_time.h"

namespace relaysim::experiment {

struct Configuration {
  std::string scenario;             // the scenario's name:
  std::string variant;              // the variant's name; a comparison's label for the scenario
  std::vector<std::string> point;   // the value of each sweep axis, as written (YAML)
  std::vector<std::string> overrides;  // every override applied, "--set a=b", for the record
};

struct PlannedRun {
  std::size_t configuration = 0;
  std::uint64_t replication = 0;
  std::uint64_t seed = 0;
};

struct ScenarioFile {
  std::string name;  // the file's name without its folders: shards may see other paths
  std::uint64_t fnv1a = 0;  // of its text, so that shards of different files do not merge
};

struct Plan {
  std::string kind;  // "experiment" or "comparison"
  std::vector<ScenarioFile> files;
  std::optional<sim::SimTime> until;
  std::uint64_t replications = 1;
  std::vector<std::string> axes;  // swept paths
  std::vector<Configuration> configurations;
  std::vector<PlannedRun> runs;  // configuration-major, replication last
};

// "closed" or "closed agents.spammer.rate=60/h": what tells the configuration's runs apart in
// metrics.csv's variant column.
std::string configuration_label(const Plan& plan, const Configuration& c);

}  // namespace relaysim::experiment
