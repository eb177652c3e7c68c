// What differs between two worlds drawn side by side, said in the words of their settings
// ("policy: open (mynetworks = 0.0.0.0/0)" against "policy: ... reject_unauth_destination"),
// so that a comparison's headings name the change rather than the scenario files.
#pragma once

#include <string>

#include "text/catalog.h"
#include "viz/run_record.h"

namespace relaysim::viz {

struct TopologyDifference {
  std::string title;          // "Open relay vs relays for its network + AUTH"
  std::string before, after;  // a heading for each world
};

TopologyDifference what_differs(const TopologyRecord& before, const TopologyRecord& after,
                                const text::Catalog& catalog = {});
// The same for two runs; where the worlds' headings would read the same (a variant that changed
// an agent or a domain, which topology.json does not tell), each also names its output folder.
TopologyDifference what_differs(const RunRecord& before, const RunRecord& after, const text::Catalog& catalog = {});

// "policy: open (mynetworks = 0.0.0.0/0)": an MTA's relay setting as Postfix would have it.
std::string policy_setting(const NodeRecord& mta, const text::Catalog& catalog = {});

}  // namespace relaysim::viz
