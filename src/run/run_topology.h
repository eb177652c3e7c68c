// The topology.json record of a run: the scenario's world, with the addresses the world gave
// its hosts. Made here, where the scenario is known, so that report/ needs no scenario types.
#pragma once

#include "report/topology_record.h"
#include "scenario/scenario_spec.h"
#include "world/topology.h"

namespace relaysim::run {

// `topology` is the world built from `spec`; `sim_time` is how long the run simulated.
report::TopologyRecord topology_record(const scenario::ScenarioSpec& spec, const world::Topology& topology,
                                       sim::SimTime sim_time);

}  // namespace relaysim::run
