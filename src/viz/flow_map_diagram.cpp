#include "viz/flow_map_diagram.h"

#include "viz/style.h"

namespace relaysim::viz {
namespace {

// What one drawing of flows shows, and where (shared by the map, the frames and the comparison).
struct FlowDrawing {
  const TopologyRecord* topology = nullptr;
  const FlowCounts* counts = nullptr;  // the numbers drawn
  const FlowCounts* edges = nullptr;   // which edges exist (the whole run's, so frames keep them all)
  const std::map<std::string, double>* relay_closed_at = nullptr;
  std::string prefix;                  // node-name prefix, to draw one world twice in a graph
  const Positions* pinned = nullptr;   // null: let dot place the nodes
  double dx = 0;                       // horizontal offset of pinned positions
};

// "\ninbox: ham 3, spam 1", or nothing when there is none.
std::string by_class_line(const std::string& title, const std::map<std::string, std::uint64_t>& counts) {
  std::string line;
  for (const auto& [cls, n] : counts) line += (line.empty() ? "" : ", ") + style::class_label(cls) + " " + std::to_string(n);
  return line.empty() ? "" : "\n" + title + ": " + line;
}

std::string counters_label(const NodeRecord& host, const FlowDrawing& d) {
  const FlowCounts& counts = *d.counts;
  std::string label = host.is_mta() ? style::mta_label(host, *d.relay_closed_at) : host.name;
  const auto it = counts.hosts.find(host.name);
  if (it == counts.hosts.end()) return label;
  const HostCounts& c = it->second;
  label += by_class_line("inbox", c.delivered);
  label += by_class_line("junk folder", c.junk);
  if (c.refused) label += "\nrefused: " + std::to_string(c.refused);
  if (c.unanswered) label += "\nconnects unanswered (down): " + std::to_string(c.unanswered);
  if (c.turned_away) label += "\nsessions turned away (421): " + std::to_string(c.turned_away);
  if (c.deferred) label += "\ndeferred: " + std::to_string(c.deferred);
  if (c.bounced) label += "\nbounced: " + std::to_string(c.bounced);
  if (c.queued) label += "\nqueued at end: " + std::to_string(c.queued);
  return label;
}

void draw_hosts(Graph& graph, const FlowDrawing& d) {
  for (const NodeRecord& host : d.topology->nodes) {
    Agnode_t* node = graph.node(d.prefix + host.name);
    style::style_host(node, host);
    set(node, "label", counters_label(host, d));
    if (d.pinned) pin(node, *d.pinned, host.name, d.dx);
  }
}

std::string flow_label(const FlowKey& key, std::uint64_t copies) {
  std::string label = style::class_label(key.message_class) + " " + std::to_string(copies);
  // Who the client logged in as is the point of a stolen-account lesson: say it on the edge.
  if (!key.login.empty()) label += "\nAUTH as " + key.login + (key.port == 587 ? ", port 587" : "");
  if (key.refusal.empty()) return label;
  // A 4xx refuses for now (a queue retries later; an agent gives up), a 5xx for good.
  const bool temporary = key.refusal.front() == '4';
  return label + (temporary ? "\nREFUSED FOR NOW " : "\nREFUSED ") + key.refusal;
}

void draw_flow(Graph& graph, const FlowDrawing& d, const FlowKey& key, std::uint64_t copies) {
  Agedge_t* e = graph.edge(graph.node(d.prefix + key.from), graph.node(d.prefix + key.to),
                           d.prefix + key.message_class + " " + key.from + " " + key.to + " " + key.refusal +
                               (key.login.empty() ? "" : " AUTH " + key.login + " " + std::to_string(key.port)));
  set(e, "flow_class", key.message_class);  // for tests and for anyone restyling the DOT
  if (!key.login.empty()) set(e, "login", key.login);
  set(e, "copies", std::to_string(copies));
  if (copies == 0) {  // a path used at other times of the run: kept faint so the picture stays put
    set(e, "color", "#DDDDDD");
    set(e, "style", "dotted");
    return;
  }
  const char* colour = style::class_colour(key.message_class);
  set(e, "color", colour);
  set(e, "fontcolor", colour);
  set(e, "penwidth", style::number(style::width_for(copies)));
  set(e, "label", flow_label(key, copies));
  if (!key.refusal.empty()) {
    set(e, "style", "dashed");
    set(e, "arrowhead", "tee");  // stopped here
    set(e, "refused", key.refusal);
  }
}

void draw_flows(Graph& graph, const FlowDrawing& d) {
  draw_hosts(graph, d);
  for (const auto& [key, all] : d.edges->flows) {
    const auto it = d.counts->flows.find(key);
    draw_flow(graph, d, key, it == d.counts->flows.end() ? 0 : it->second);
  }
}

std::string subtitle(const RunRecord& run) {
  return "seed " + std::to_string(run.topology.seed) + ", " + style::clock(run.topology.duration_s) +
         " simulated; recipient copies per RCPT answer";
}

bool has_probes(const FlowCounts& counts) {
  for (const auto& [key, n] : counts.flows) {
    if (key.message_class == "probe") return true;
  }
  return false;
}

void finish(Graph& graph, const FlowCounts& counts, const Positions* pinned) {
  style::legend(graph, style::flow_legend(has_probes(counts)));
  if (!pinned) return;
  pin(graph.node("legend"), *pinned, "legend");
  use_pinned_positions(graph);
}

FlowCounts merged(const FlowCounts& a, const FlowCounts& b) {
  FlowCounts sum = a;
  for (const auto& [key, n] : b.flows) sum.flows[key] += n;
  for (const auto& [name, c] : b.hosts) {
    HostCounts& s = sum.hosts[name];
    for (const auto& [cls, n] : c.delivered) s.delivered[cls] += n;
    for (const auto& [cls, n] : c.junk) s.junk[cls] += n;
    s.refused += c.refused;
    s.unanswered += c.unanswered;
    s.turned_away += c.turned_away;
    s.deferred += c.deferred;
    s.queued += c.queued;
    s.bounced += c.bounced;
  }
  return sum;
}

}  // namespace

void build_flow_map(Graph& graph, const RunRecord& run) {
  const FlowCounts counts = count_flows(run);
  style::begin(graph, "Mail flows in " + run.topology.scenario, subtitle(run));
  draw_flows(graph, {&run.topology, &counts, &counts, &run.relay_closed_at, "", nullptr, 0});
  finish(graph, counts, nullptr);
}

Positions flow_map_positions(Context& context, const RunRecord& run) {
  Graph graph("flows");
  build_flow_map(graph, run);
  return positions_of(context, graph);
}

TimeWindow frame_window(const RunRecord& run, int index, int frames) {
  const double slice = run.topology.duration_s / frames;
  TimeWindow w{slice * index, slice * (index + 1)};
  if (index == frames - 1) w.to_s = std::numeric_limits<double>::infinity();  // the end-of-run events too
  return w;
}

void build_timelapse_frame(Graph& graph, const RunRecord& run, int index, int frames, const Positions& layout) {
  const FlowCounts all = count_flows(run);
  const TimeWindow window = frame_window(run, index, frames);
  const FlowCounts counts = count_flows(run, window);
  const double to = std::min(window.to_s, run.topology.duration_s);
  style::begin(graph, "Mail flows in " + run.topology.scenario + ", " + style::clock(window.from_s) + " to " +
                          style::clock(to),
               "frame " + std::to_string(index + 1) + " of " + std::to_string(frames) + "; " + subtitle(run));
  draw_flows(graph, {&run.topology, &counts, &all, &run.relay_closed_at, "", &layout, 0});
  finish(graph, all, &layout);
}

void build_comparison(Context& context, Graph& graph, const RunRecord& before, const RunRecord& after) {
  const FlowCounts a = count_flows(before);
  const FlowCounts b = count_flows(after);
  const FlowCounts both = merged(a, b);
  Positions layout;
  {  // one layout of everything either run drew, so both halves fit the same positions
    Graph union_graph("union");
    style::begin(union_graph, "", "");
    draw_flows(union_graph, {&before.topology, &both, &both, &before.relay_closed_at, "", nullptr, 0});
    style::legend(union_graph, style::flow_legend(has_probes(both)));
    layout = positions_of(context, union_graph);
  }
  const double dx = layout.width + 150;
  style::begin(graph, "Before and after: " + before.topology.scenario + " | " + after.topology.scenario,
               "the same hosts at the same places; recipient copies per RCPT answer");
  draw_flows(graph, {&before.topology, &a, &a, &before.relay_closed_at, "before/", &layout, 0});
  draw_flows(graph, {&after.topology, &b, &b, &after.relay_closed_at, "after/", &layout, dx});
  for (const auto& [name, run, x] : {std::tuple{"heading/before", &before, 0.0}, std::tuple{"heading/after", &after, dx}}) {
    Agnode_t* heading = graph.node(name);
    set(heading, "shape", "plaintext");
    set(heading, "fontsize", "22");
    set(heading, "label", run->topology.scenario);
    set(heading, "pos", style::number(x + layout.width / 2, 2) + "," + style::number(layout.height + 30, 2) + "!");
  }
  style::legend(graph, style::flow_legend(has_probes(both)));
  pin(graph.node("legend"), layout, "legend");
  use_pinned_positions(graph);
}

}  // namespace relaysim::viz
