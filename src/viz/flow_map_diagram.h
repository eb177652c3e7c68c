// The flow map: the whole run (or one time window) aggregated onto the hosts, edge width by
// volume on a log scale, ham and spam apart, refused flows drawn dashed at the server that
// refused them, and per-host counters. Also the time-lapse frames and the side-by-side view,
// which reuse one layout's node positions.
#pragma once

#include <string>
#include <vector>

#include "viz/flow_counts.h"
#include "viz/flow_view.h"
#include "viz/graphviz.h"
#include "viz/positions.h"
#include "viz/run_record.h"
#include "viz/style.h"

namespace relaysim::viz {

// At most `max_edges` flows: more, and hosts are grouped by role and the smallest flows left out
// (flow_view), as a slide for a lecture hall needs.
void build_flow_map(Graph& graph, const RunRecord& run, const style::Look& look = {},
                    std::size_t max_edges = kEveryFlow);

// Frame `index` (0-based) of `frames` equal slices of the simulated time; node positions and
// the set of edges come from `layout` (the whole-run flow map's), so every frame lines up.
void build_timelapse_frame(Graph& graph, const RunRecord& run, int index, int frames, const Positions& layout,
                           const style::Look& look = {});
TimeWindow frame_window(const RunRecord& run, int index, int frames);

// The legend for the classes of mail these flows carry.
std::vector<style::LegendEntry> flow_legend_for(const FlowCounts& counts, const text::Catalog& catalog);

struct ComparisonLook {
  enum class Arrangement : std::uint8_t { SideBySide, Stacked };
  Arrangement arrangement = Arrangement::SideBySide;  // stacked: before on top
  style::Look look;
  bool legend = true;
  const char* rankdir = "LR";  // of the shared layout: hosts left to right, or top to bottom
};

// Two runs of worlds with the same hosts, before and after, at identical positions; the title
// and the headings say what differs between the two worlds (what_differs).
void build_comparison(Context& context, Graph& graph, const RunRecord& before, const RunRecord& after,
                      const ComparisonLook& look = {});

// Positions of the whole-run flow map (lay out once for the time-lapse).
Positions flow_map_positions(Context& context, const RunRecord& run, const style::Look& look = {});

}  // namespace relaysim::viz
