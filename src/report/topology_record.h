// topology.json: the world a run simulated (hosts, relay policies, DNS, links, outages), written
// beside summary.json so that diagrams can be drawn later from the run's outputs alone.
#pragma once

#include <string>

#include "scenario/scenario_spec.h"
#include "world/topology.h"

namespace relaysim::report {

// `topology` is the world built from `spec` (it knows the addresses the world assigned);
// `sim_time` is how long the run simulated.
std::string topology_json(const scenario::ScenarioSpec& spec, const world::Topology& topology, sim::SimTime sim_time);

}  // namespace relaysim::report
