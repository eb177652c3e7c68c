// Lay out once, draw many times: node positions taken from one layout and pinned in later
// graphs, so that the frames of a time-lapse and the two halves of a comparison line up.
#pragma once

#include <map>
#include <string>

#include "viz/graphviz.h"

namespace relaysim::viz {

struct Point {
  double x = 0, y = 0;
};

struct NodeBox {
  Point centre;        // points
  double width = 0;    // inches, as Graphviz's width attribute
  double height = 0;
};

// Where an edge was drawn: its spline and its label's centre, as Graphviz writes them.
struct EdgePlace {
  std::string spline;  // "e,x,y x,y x,y ...", points
  std::string label_centre;  // "x,y", empty without a label
};

struct Positions {
  std::map<std::string, NodeBox> nodes;  // by node name
  std::map<std::string, EdgePlace> edges;  // by edge key
  Point lower_left;                      // of the bounding box, points
  double width = 0, height = 0;          // of the bounding box, points
};

// Lays `graph` out with dot and reads back where each node went.
Positions positions_of(Context& context, Graph& graph);

// Pins `node` at the box's place and size (name: the name it has in `positions`), moved by
// `offset`. Returns false when the node was not laid out.
bool pin(Agnode_t* node, const Positions& positions, const std::string& name, Point offset = {});
// Pins `edge` to the spline and label place it had in `positions` (key: its key there), moved
// by `offset`, so that labels stay beside their edges as dot placed them.
bool pin(Agedge_t* edge, const Positions& positions, const std::string& key, Point offset = {});
// Makes the graph use pinned positions (Graphviz's "nop2" engine: nodes and edge splines as
// given; an edge without one is drawn straight).
void use_pinned_positions(Graph& graph);

}  // namespace relaysim::viz
