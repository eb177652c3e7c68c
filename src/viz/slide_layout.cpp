#include "viz/slide_layout.h"

#include <algorithm>
#include <string>

#include "viz/style.h"

namespace relaysim::viz {
namespace {

constexpr double kMarginPt = 4;
constexpr double kMaxZoom = 2;

double font_of(void* object, double smallest) {
  const std::string size = get(object, "fontsize");
  return size.empty() ? smallest : std::min(smallest, std::stod(size));
}

double smallest_in(Agraph_t* g, double smallest) {
  smallest = font_of(g, smallest);
  for (Agraph_t* sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) smallest = smallest_in(sub, smallest);
  return smallest;
}

}  // namespace

double smallest_font_pt(Graph& graph) {
  Agraph_t* g = graph.get();
  double smallest = smallest_in(g, 14.0 * 100);  // Graphviz's default is 14 pt
  for (Agnode_t* n = agfstnode(g); n; n = agnxtnode(g, n)) {
    smallest = font_of(n, smallest);
    for (Agedge_t* e = agfstout(g, n); e; e = agnxtout(g, e)) smallest = font_of(e, smallest);
  }
  return smallest;
}

SlideFit best_fit(Context& context, const std::vector<Build>& variants) {
  SlideFit best;
  best.zoom = -1;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    Graph graph("slide");
    variants[i](graph);
    const double font = smallest_font_pt(graph);
    const Positions p = positions_of(context, graph);
    const double zoom = std::min({(kSlideWidthPt - 2 * kMarginPt) / std::max(p.width, 1.0),
                                  (kSlideHeightPt - 2 * kMarginPt) / std::max(p.height, 1.0), kMaxZoom});
    if (zoom <= best.zoom) continue;
    best.variant = i;
    best.zoom = zoom;
    best.centre = {p.lower_left.x + p.width / 2, p.lower_left.y + p.height / 2};
    best.smallest_text_px = font * zoom * kPixelsPerPoint;
  }
  return best;
}

void apply_fit(Graph& graph, const SlideFit& fit) {
  set(graph.get(), "viewport", style::number(kSlideWidthPt, 0) + "," + style::number(kSlideHeightPt, 0) + "," +
                                   style::number(fit.zoom, 4) + "," + style::number(fit.centre.x, 2) + "," +
                                   style::number(fit.centre.y, 2));
  set(graph.get(), "pad", "0");
}

}  // namespace relaysim::viz
