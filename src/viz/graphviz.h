// Small RAII wrappers over Graphviz's C API (cgraph + gvc): a context, a graph, and a layout,
// so that every agopen has its agclose and every gvLayout its gvFreeLayout, even on errors.
#pragma once

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace relaysim::viz {

// Graphviz could not lay out or render; what() says what to do about it.
class GraphvizError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A Graphviz context with its plugins loaded (gvContext / gvFreeContext).
class Context {
 public:
  enum class Plugins : std::uint8_t { Installed, None };
  // Plugins::None loads no plugin at all: what a machine without Graphviz's plugin
  // configuration gets (tests use it to check the error message).
  explicit Context(Plugins plugins = Plugins::Installed);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  GVC_t* get() const { return gvc_; }

 private:
  GVC_t* gvc_;
};

// A directed graph (agopen / agclose). Nodes are found or created by name; edges carry a key,
// so that two edges may join the same nodes (ham and spam between the same servers).
class Graph {
 public:
  explicit Graph(const std::string& name);
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  Agraph_t* get() const { return g_; }
  Agnode_t* node(const std::string& name);
  Agnode_t* find_node(const std::string& name) const;
  // Removes the node and its edges, when there is one of that name.
  void remove_node(const std::string& name);
  Agedge_t* edge(Agnode_t* tail, Agnode_t* head, const std::string& key);
  // A subgraph of `parent` (the root when null); a name starting with "cluster" draws a box.
  Agraph_t* subgraph(const std::string& name, Agraph_t* parent = nullptr);
  // Puts an existing node into a subgraph.
  static void add_to(Agraph_t* subgraph, Agnode_t* node);
  // The DOT source as it stands (call before laying out: the source carries no layout).
  std::string dot_source() const;

 private:
  Agraph_t* g_;
};

// Sets an attribute on a graph, subgraph, node or edge, declaring it when new.
void set(void* object, const std::string& attribute, const std::string& value);
// Sets an HTML-like label (Graphviz's <...> labels: tables, fonts, colours); `html` is the
// text between the outer angle brackets.
void set_html(void* object, const std::string& attribute, const std::string& html);
// An attribute's value, "" when unset.
std::string get(void* object, const std::string& attribute);

// A layout of `graph` for as long as this lives (gvLayout / gvFreeLayout). The engine is
// "dot", unless the graph's own `layout` attribute names another (e.g. "nop" for pinned nodes).
class Layout {
 public:
  Layout(Context& context, Graph& graph, const char* engine = "dot");
  ~Layout();
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;

  // The laid-out graph in a Graphviz output format ("svg", "png", "pdf", "dot" with positions).
  std::string render(const std::string& format) const;

 private:
  Context& context_;
  Graph& graph_;
};

}  // namespace relaysim::viz
