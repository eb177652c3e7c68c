// The flow map: the whole run (or one time window) aggregated onto the hosts, edge width by
// volume on a log scale, ham and spam apart, refused flows drawn dashed at the server that
// refused them, and per-host counters. Also the time-lapse frames and the side-by-side view,
// which reuse one layout's node positions.
#pragma once

#include <string>
#include <vector>

#include "viz/flow_counts.h"
#include "viz/graphviz.h"
#include "viz/positions.h"
#include "viz/run_record.h"

namespace relaysim::viz {

void build_flow_map(Graph& graph, const RunRecord& run);

// Frame `index` (0-based) of `frames` equal slices of the simulated time; node positions and
// the set of edges come from `layout` (the whole-run flow map's), so every frame lines up.
void build_timelapse_frame(Graph& graph, const RunRecord& run, int index, int frames, const Positions& layout);
TimeWindow frame_window(const RunRecord& run, int index, int frames);

// Two runs of worlds with the same hosts, before (left) and after (right), at identical positions.
void build_comparison(Context& context, Graph& graph, const RunRecord& before, const RunRecord& after);

// Positions of the whole-run flow map (lay out once for the time-lapse).
Positions flow_map_positions(Context& context, const RunRecord& run);

}  // namespace relaysim::viz
