// The topology diagram: hosts by kind, MTAs filled by relay policy, domains as clusters with
// their MX records as edges labelled with the preference, agents' routes, outages.
#pragma once

#include "viz/graphviz.h"
#include "viz/run_record.h"
#include "viz/style.h"

namespace relaysim::viz {

// Full labels give addresses and every setting; short ones, for a slide, what each host is for.
enum class HostLabels : std::uint8_t { Full, Short };

void build_topology_diagram(Graph& graph, const TopologyRecord& topology, const style::Look& look = {},
                            HostLabels labels = HostLabels::Full);

// A host's label lines.
std::string host_label(const NodeRecord& host, HostLabels labels, const text::Catalog& catalog);

}  // namespace relaysim::viz
