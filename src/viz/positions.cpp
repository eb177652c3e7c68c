#include "viz/positions.h"

#include <cstdio>

#include "viz/style.h"

namespace relaysim::viz {

Positions positions_of(Context& context, Graph& graph) {
  const Layout layout(context, graph);
  layout.render("dot");  // attaches pos, width, height and bb as attributes
  Positions p;
  double llx = 0, lly = 0;
  std::sscanf(get(graph.get(), "bb").c_str(), "%lf,%lf,%lf,%lf", &llx, &lly, &p.width, &p.height);
  for (Agnode_t* n = agfstnode(graph.get()); n; n = agnxtnode(graph.get(), n)) {
    NodeBox box;
    std::sscanf(get(n, "pos").c_str(), "%lf,%lf", &box.centre.x, &box.centre.y);
    box.width = std::stod(get(n, "width"));
    box.height = std::stod(get(n, "height"));
    p.nodes[agnameof(n)] = box;
  }
  return p;
}

bool pin(Agnode_t* node, const Positions& positions, const std::string& name, double dx) {
  const auto it = positions.nodes.find(name);
  if (it == positions.nodes.end()) return false;
  const NodeBox& box = it->second;
  set(node, "pos", style::number(box.centre.x + dx, 2) + "," + style::number(box.centre.y, 2) + "!");
  set(node, "width", style::number(box.width, 3));
  set(node, "height", style::number(box.height, 3));
  set(node, "fixedsize", "true");
  return true;
}

void use_pinned_positions(Graph& graph) {
  set(graph.get(), "layout", "nop");
  set(graph.get(), "splines", "true");
}

}  // namespace relaysim::viz
