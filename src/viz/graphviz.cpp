#include "viz/graphviz.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <vector>

namespace relaysim::viz {
namespace {

// cgraph takes char* for names it never modifies.
std::vector<char> c_string(const std::string& s) { return std::vector<char>(s.c_str(), s.c_str() + s.size() + 1); }

constexpr const char* kPluginFix =
    "Graphviz's plugin configuration is missing or incomplete. Fix: run `libgvc6-config-update -c` as root "
    "(it writes /usr/lib/x86_64-linux-gnu/graphviz/config6a), or reinstall the package: "
    "`apt-get install --reinstall libgvc6`";

// Object ids by order of first use. cgraph's default uses the address of the interned name as
// the id, and it orders subgraphs by id: clusters then came out (and were laid out) in a
// different order from one process to the next. Named ids are even, anonymous ones odd, as in
// the default discipline; names are interned in the graph (agstrdup) because cgraph reads
// flags stored beside them, and the graph frees them when it closes.
struct IdState {
  Agraph_t* graph = nullptr;
  std::map<std::string, IDTYPE, std::less<>> ids;
  std::vector<char*> names;  // names[id / 2 - 1]
  IDTYPE next_anonymous = 1;
};

void* id_open(Agraph_t* graph, Agdisc_t*) { return new IdState{graph, {}, {}, 1}; }

long id_map(void* state, int, char* name, IDTYPE* id, int create) {
  auto* s = static_cast<IdState*>(state);
  if (!name) {
    *id = s->next_anonymous;
    s->next_anonymous += 2;
    return 1;
  }
  if (const auto it = s->ids.find(std::string_view(name)); it != s->ids.end()) {
    *id = it->second;
    return 1;
  }
  if (!create) return 0;
  s->names.push_back(agstrdup(s->graph, name));
  *id = static_cast<IDTYPE>(2 * s->names.size());
  s->ids.emplace(name, *id);
  return 1;
}

long id_alloc(void*, int, IDTYPE) { return 0; }  // no caller-chosen ids
void id_free(void*, int, IDTYPE) {}              // names live as long as the graph
char* id_print(void* state, int, IDTYPE id) {
  auto* s = static_cast<IdState*>(state);
  return id % 2 == 0 && id / 2 - 1 < s->names.size() ? s->names[id / 2 - 1] : nullptr;
}
void id_close(void* state) { delete static_cast<IdState*>(state); }
void id_register(void*, int, void*) {}

// Constant tables (cgraph wants them non-const); all per-graph state lives in IdState.
Agiddisc_t kSequentialIds = {id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};
Agdisc_t kDiscipline = {&AgMemDisc, &kSequentialIds, &AgIoDisc};

}  // namespace

Context::Context(Plugins plugins)
    : gvc_(plugins == Plugins::Installed ? gvContext() : gvContextPlugins(nullptr, /*demand_loading=*/0)) {
  if (!gvc_) throw GraphvizError("could not create a Graphviz context (out of memory?)");
}

Context::~Context() { gvFreeContext(gvc_); }

Graph::Graph(const std::string& name) {
  auto n = c_string(name);
  g_ = agopen(n.data(), Agdirected, &kDiscipline);
  if (!g_) throw GraphvizError("could not create graph " + name);
  // Declared up front so that set() never gives nodes an empty default label.
  char label[] = "label", node_default[] = "\\N", empty[] = "";
  agattr(g_, AGNODE, label, node_default);
  agattr(g_, AGEDGE, label, empty);
  agattr(g_, AGRAPH, label, empty);
}

Graph::~Graph() { agclose(g_); }

Agnode_t* Graph::node(const std::string& name) {
  auto n = c_string(name);
  return agnode(g_, n.data(), 1);
}

Agnode_t* Graph::find_node(const std::string& name) const {
  auto n = c_string(name);
  return agnode(g_, n.data(), 0);
}

void Graph::remove_node(const std::string& name) {
  if (Agnode_t* n = find_node(name)) agdelnode(g_, n);
}

Agedge_t* Graph::edge(Agnode_t* tail, Agnode_t* head, const std::string& key) {
  auto k = c_string(key);
  return agedge(g_, tail, head, k.data(), 1);
}

Agraph_t* Graph::subgraph(const std::string& name, Agraph_t* parent) {
  auto n = c_string(name);
  return agsubg(parent ? parent : g_, n.data(), 1);
}

void Graph::add_to(Agraph_t* subgraph, Agnode_t* node) { agsubnode(subgraph, node, 1); }

std::string Graph::dot_source() const {
  char* buffer = nullptr;
  std::size_t size = 0;
  FILE* memory = open_memstream(&buffer, &size);
  if (!memory) throw GraphvizError("out of memory writing DOT");
  const int rc = agwrite(g_, memory);
  std::fclose(memory);
  std::string text(buffer ? buffer : "", size);
  std::free(buffer);
  if (rc != 0) throw GraphvizError("Graphviz could not write the DOT source");
  return text;
}

void set(void* object, const std::string& attribute, const std::string& value) {
  auto a = c_string(attribute);
  auto v = c_string(value);
  char empty[] = "";
  agsafeset(object, a.data(), v.data(), empty);
}

void set_html(void* object, const std::string& attribute, const std::string& html) {
  set(object, attribute, "");  // declares the attribute
  Agraph_t* root = agroot(object);
  auto a = c_string(attribute);
  auto h = c_string(html);
  char* value = agstrdup_html(root, h.data());
  agxset(object, agattr(root, AGTYPE(object), a.data(), nullptr), value);
  agstrfree(root, value);
}

std::string get(void* object, const std::string& attribute) {
  auto a = c_string(attribute);
  const char* value = agget(object, a.data());
  return value ? value : "";
}

Layout::Layout(Context& context, Graph& graph, const char* engine) : context_(context), graph_(graph) {
  if (gvLayout(context_.get(), graph_.get(), engine) != 0) {
    // gvLayout leaves nothing to free when it fails.
    throw GraphvizError(std::string("Graphviz could not lay out the diagram (layout engine \"") + engine +
                        "\" not available). " + kPluginFix);
  }
}

Layout::~Layout() { gvFreeLayout(context_.get(), graph_.get()); }

std::string Layout::render(const std::string& format) const {
  char* data = nullptr;
  unsigned int length = 0;
  if (gvRenderData(context_.get(), graph_.get(), format.c_str(), &data, &length) != 0 || !data || length == 0) {
    if (data) gvFreeRenderData(data);
    throw GraphvizError("Graphviz could not render the format \"" + format + "\" (its output plugin is missing). " +
                        kPluginFix + (format == "png" || format == "pdf" ? " (png and pdf come from the cairo "
                                                                           "plugin, libgvplugin_pango in libgvc6)"
                                                                         : ""));
  }
  std::string out(data, length);
  gvFreeRenderData(data);
  return out;
}

}  // namespace relaysim::viz
