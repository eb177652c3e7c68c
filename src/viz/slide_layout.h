// Fitting a diagram to a 16:9 slide of 1920x1080 pixels: of the ways to draw it (left to right
// or top to bottom; a comparison side by side or stacked), the one that fits at the largest
// scale, zoomed so that it fills the slide without its text shrinking below what a hall reads.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "viz/graphviz.h"
#include "viz/positions.h"

namespace relaysim::viz {

// Graphviz draws 72 points per inch and rasterizes at 96 dpi: 1440x810 points are 1920x1080 px.
inline constexpr double kSlideWidthPt = 1440;
inline constexpr double kSlideHeightPt = 810;
inline constexpr double kPixelsPerPoint = 96.0 / 72.0;
// What a hall can read on a 1920x1080 projection.
inline constexpr double kMinSlideTextPx = 24;

using Build = std::function<void(Graph&)>;

struct SlideFit {
  std::size_t variant = 0;  // which of the ways to draw it
  double zoom = 1;          // drawing points per slide point
  Point centre;             // of the drawing, in its own points
  double smallest_text_px = 0;
  bool readable() const { return smallest_text_px >= kMinSlideTextPx; }
};

// Lays out every variant and returns the one that fits the slide at the largest zoom (the
// first of equals). Zoom never exceeds 2: a small drawing stays a drawing, not a poster.
SlideFit best_fit(Context& context, const std::vector<Build>& variants);

// Makes `graph` (built by the chosen variant) render as exactly one slide: 1920x1080 px in
// PNG, a 1440x810 pt view box in SVG.
void apply_fit(Graph& graph, const SlideFit& fit);

// The smallest font size set anywhere in the graph (its label, nodes, edges, clusters), points.
double smallest_font_pt(Graph& graph);

}  // namespace relaysim::viz
