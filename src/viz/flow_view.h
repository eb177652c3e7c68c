// What a flow map draws: the hosts and flows of a run, or, for a world too large to read in a
// lecture hall, hosts of one role merged into one node, flows merged between those groups, and
// only the biggest flows drawn, the rest counted as "others".
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include "viz/flow_counts.h"
#include "text/catalog.h"
#include "viz/run_record.h"

namespace relaysim::viz {

inline constexpr std::size_t kEveryFlow = std::numeric_limits<std::size_t>::max();

struct FlowView {
  TopologyRecord topology;  // one node per drawn host or group
  FlowCounts counts;
  // A group's node name -> its label's head ("open relays (3)\nmx.a.example\n..."); hosts
  // drawn alone have none.
  std::map<std::string, std::string> group_heads;
  std::uint64_t hidden_flows = 0;   // flows left out (the smallest)
  std::uint64_t hidden_copies = 0;  // the recipient copies they carried
};

// The run's flows in `window`. With more than `max_edges` flows, hosts are grouped by role
// (MTAs by relay policy, agents by kind and class); if that is still too many, the smallest
// flows are left out and counted.
// Group names are in the catalogue's language.
FlowView flow_view(const RunRecord& run, const text::Catalog& catalog = {}, std::size_t max_edges = kEveryFlow,
                   TimeWindow window = {});

// What a view left out, to say where the reader looks first: "servers and senders grouped by
// role; 3 smaller flows (12 copies) not drawn"; empty when it left out nothing.
std::string omissions(const FlowView& view, const text::Catalog& catalog);

// Adds `more` to `sum` (a group's counters, or two runs' on one picture).
void add_counts(HostCounts& sum, const HostCounts& more);

}  // namespace relaysim::viz
