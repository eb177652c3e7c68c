#include "viz/positions.h"

#include <cstdio>

#include "viz/style.h"

namespace relaysim::viz {

Positions positions_of(Context& context, Graph& graph) {
  const Layout layout(context, graph);
  layout.render("dot");  // attaches pos, width, height and bb as attributes
  Positions p;
  double urx = 0, ury = 0;
  std::sscanf(get(graph.get(), "bb").c_str(), "%lf,%lf,%lf,%lf", &p.lower_left.x, &p.lower_left.y, &urx, &ury);
  p.width = urx - p.lower_left.x;
  p.height = ury - p.lower_left.y;
  for (Agnode_t* n = agfstnode(graph.get()); n; n = agnxtnode(graph.get(), n)) {
    NodeBox box;
    std::sscanf(get(n, "pos").c_str(), "%lf,%lf", &box.centre.x, &box.centre.y);
    box.width = std::stod(get(n, "width"));
    box.height = std::stod(get(n, "height"));
    p.nodes[agnameof(n)] = box;
    for (Agedge_t* e = agfstout(graph.get(), n); e; e = agnxtout(graph.get(), e)) {
      p.edges[agnameof(e)] = {get(e, "pos"), get(e, "lp")};
    }
  }
  return p;
}

bool pin(Agnode_t* node, const Positions& positions, const std::string& name, Point offset) {
  const auto it = positions.nodes.find(name);
  if (it == positions.nodes.end()) return false;
  const NodeBox& box = it->second;
  set(node, "pos", style::number(box.centre.x + offset.x, 2) + "," + style::number(box.centre.y + offset.y, 2) + "!");
  set(node, "width", style::number(box.width, 3));
  set(node, "height", style::number(box.height, 3));
  set(node, "fixedsize", "true");
  return true;
}

namespace {

// "x,y" moved by `offset`, with a prefix such as "e," kept.
std::string moved_point(const std::string& token, Point offset) {
  const bool marked = token.size() > 2 && (token[0] == 'e' || token[0] == 's') && token[1] == ',';
  double x = 0, y = 0;
  if (std::sscanf(token.c_str() + (marked ? 2 : 0), "%lf,%lf", &x, &y) != 2) return token;
  return (marked ? token.substr(0, 2) : "") + style::number(x + offset.x, 2) + "," + style::number(y + offset.y, 2);
}

std::string moved_points(const std::string& points, Point offset) {
  std::string out;
  std::size_t start = 0;
  while (start < points.size()) {
    std::size_t end = points.find(' ', start);
    if (end == std::string::npos) end = points.size();
    if (end > start) out += (out.empty() ? "" : " ") + moved_point(points.substr(start, end - start), offset);
    start = end + 1;
  }
  return out;
}

}  // namespace

bool pin(Agedge_t* edge, const Positions& positions, const std::string& key, Point offset) {
  const auto it = positions.edges.find(key);
  if (it == positions.edges.end() || it->second.spline.empty()) return false;
  set(edge, "pos", moved_points(it->second.spline, offset));
  if (!it->second.label_centre.empty()) set(edge, "lp", moved_points(it->second.label_centre, offset));
  return true;
}

void use_pinned_positions(Graph& graph) {
  set(graph.get(), "layout", "nop2");
  set(graph.get(), "splines", "true");
}

}  // namespace relaysim::viz
