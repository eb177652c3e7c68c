// The topology diagram: hosts by kind, MTAs filled by relay policy, domains as clusters with
// their MX records as edges labelled with the preference, agents' routes, outages.
#pragma once

#include "viz/graphviz.h"
#include "viz/run_record.h"

namespace relaysim::viz {

void build_topology_diagram(Graph& graph, const TopologyRecord& topology);

// A host's label lines (shared with the other diagrams, which add their counters).
std::string host_label(const NodeRecord& host);

}  // namespace relaysim::viz
