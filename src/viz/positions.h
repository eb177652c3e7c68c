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

struct Positions {
  std::map<std::string, NodeBox> nodes;  // by node name
  double width = 0, height = 0;          // bounding box, points
};

// Lays `graph` out with dot and reads back where each node went.
Positions positions_of(Context& context, Graph& graph);

// Pins `node` at the box's place and size (name: the name it has in `positions`), offset by `dx`.
// Returns false when the node was not laid out.
bool pin(Agnode_t* node, const Positions& positions, const std::string& name, double dx = 0);
// Makes the graph use pinned positions (Graphviz's "nop" engine: neato -n, straight edges).
void use_pinned_positions(Graph& graph);

}  // namespace relaysim::viz
