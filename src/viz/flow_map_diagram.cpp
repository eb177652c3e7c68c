#include "viz/flow_map_diagram.h"

#include <set>

#include "viz/style.h"
#include "viz/topology_difference.h"

namespace relaysim::viz {
namespace {

// What one drawing of flows shows, and where (shared by the map, the frames and the comparison).
struct FlowDrawing {
  const FlowView* view = nullptr;     // the hosts and the numbers drawn
  const FlowCounts* edges = nullptr;  // which edges exist (the whole run's, so frames keep them all)
  const std::map<std::string, double>* relay_closed_at = nullptr;
  style::Look look;
  std::string prefix;                 // node-name prefix, to draw one world twice in a graph
  const Positions* pinned = nullptr;  // null: let dot place the nodes
  Point offset;                       // of pinned positions
  // For a layout that two drawings share: each host's label big enough for either drawing.
  const std::map<std::string, std::string>* sizing_labels = nullptr;
  // Servers drawn without their relay role: a comparison names the role only where it changed.
  const std::set<std::string>* same_role = nullptr;
};

// "\ninbox: ham 3, spam 1", or nothing when there is none.
std::string by_class_line(const std::string& title, const std::map<std::string, std::uint64_t>& counts,
                          const text::Catalog& tr) {
  std::string line;
  for (const auto& [cls, n] : counts) {
    line += (line.empty() ? "" : ", ") + style::class_label(cls, tr) + " " + std::to_string(n);
  }
  return line.empty() ? "" : "\n" + title + ": " + line;
}

std::string counters_label(const NodeRecord& host, const FlowDrawing& d) {
  const FlowCounts& counts = d.view->counts;
  const auto group = d.view->group_heads.find(host.name);
  const bool role = host.is_mta() && !(d.same_role && d.same_role->count(host.name));
  std::string label = group != d.view->group_heads.end() ? group->second
                      : role                             ? style::mta_label(host, *d.relay_closed_at, d.look.catalog)
                                                         : host.name;
  const auto it = counts.hosts.find(host.name);
  if (it == counts.hosts.end()) return label;
  const HostCounts& c = it->second;
  const style::Look& l = d.look;
  label += by_class_line(l.tr("inbox"), c.delivered, l.catalog);
  label += by_class_line(l.tr("junk folder"), c.junk, l.catalog);
  const auto line = [&](const char* msgid, std::uint64_t n) {
    if (n) label += "\n" + l.tr(msgid, {std::to_string(n)});
  };
  line(text::N_("refused: {1}"), c.refused);
  line(text::N_("connects unanswered (down): {1}"), c.unanswered);
  line(text::N_("sessions turned away (421): {1}"), c.turned_away);
  line(text::N_("deferred: {1}"), c.deferred);
  line(text::N_("bounced: {1}"), c.bounced);
  line(text::N_("queued at end: {1}"), c.queued);
  return label;
}

void draw_hosts(Graph& graph, const FlowDrawing& d) {
  for (const NodeRecord& host : d.view->topology.nodes) {
    Agnode_t* node = graph.node(d.prefix + host.name);
    style::style_host(node, host);
    const bool sizing = d.sizing_labels && d.sizing_labels->count(host.name);
    set(node, "label", sizing ? d.sizing_labels->at(host.name) : counters_label(host, d));
    if (d.pinned) pin(node, *d.pinned, host.name, d.offset);
  }
}

std::string flow_label(const FlowKey& key, std::uint64_t copies, const text::Catalog& tr) {
  std::string label = style::class_label(key.message_class, tr) + " " + std::to_string(copies);
  // Who the client logged in as is the point of a stolen-account lesson: say it on the edge.
  if (!key.login.empty()) {
    label += "\n" + (key.port == 587 ? tr.tr("AUTH as {1}, port 587", {key.login}) : tr.tr("AUTH as {1}", {key.login}));
  }
  if (key.refusal.empty()) return label;
  // A 4xx refuses for now (a queue retries later; an agent gives up), a 5xx for good.
  const bool temporary = key.refusal.front() == '4';
  return label + "\n" + (temporary ? tr.tr("REFUSED FOR NOW {1}", {key.refusal}) : tr.tr("REFUSED {1}", {key.refusal}));
}

void draw_flow(Graph& graph, const FlowDrawing& d, const FlowKey& key, std::uint64_t copies) {
  const std::string name = key.message_class + " " + key.from + " " + key.to + " " + key.refusal +
                           (key.login.empty() ? "" : " AUTH " + key.login + " " + std::to_string(key.port));
  Agedge_t* e = graph.edge(graph.node(d.prefix + key.from), graph.node(d.prefix + key.to), d.prefix + name);
  if (d.pinned) pin(e, *d.pinned, name, d.offset);
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
  set(e, "label", flow_label(key, copies, d.look.catalog));
  if (!key.refusal.empty()) {
    set(e, "style", "dashed");
    set(e, "arrowhead", "tee");  // stopped here
    set(e, "refused", key.refusal);
  }
}

void draw_flows(Graph& graph, const FlowDrawing& d) {
  draw_hosts(graph, d);
  for (const auto& [key, all] : d.edges->flows) {
    const auto it = d.view->counts.flows.find(key);
    draw_flow(graph, d, key, it == d.view->counts.flows.end() ? 0 : it->second);
  }
}

std::string subtitle(const RunRecord& run, const style::Look& look) {
  return look.tr("seed {1}, {2} simulated; recipient copies per answer (at RCPT, or after DATA)",
                 {std::to_string(run.topology.seed), style::clock(run.topology.duration_s)});
}


void finish(Graph& graph, const FlowCounts& counts, const Positions* pinned, const style::Look& look) {
  style::legend(graph, flow_legend_for(counts, look.catalog), look);
  if (!pinned) return;
  pin(graph.node("legend"), *pinned, "legend");
  use_pinned_positions(graph);
}

// Line by line the longer of two labels: a box that holds either.
std::string widest_lines(const std::string& a, const std::string& b) {
  const auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
      out.push_back(text.substr(start, end - start));
    }
    out.push_back(text.substr(start));
    return out;
  };
  const auto la = lines(a), lb = lines(b);
  std::string out;
  for (std::size_t i = 0; i < std::max(la.size(), lb.size()); ++i) {
    const std::string& x = i < la.size() ? la[i] : lb[i];
    const std::string& y = i < lb.size() ? lb[i] : la[i];
    out += (i ? "\n" : "") + (y.size() > x.size() ? y : x);
  }
  return out;
}

std::map<std::string, std::string> sizing_labels(const FlowDrawing& before, const FlowDrawing& after) {
  std::map<std::string, std::string> labels;
  for (const NodeRecord& host : before.view->topology.nodes) {
    const NodeRecord* other = after.view->topology.find(host.name);
    labels[host.name] = other ? widest_lines(counters_label(host, before), counters_label(*other, after))
                              : counters_label(host, before);
  }
  return labels;
}

FlowView merged(const FlowView& a, const FlowView& b) {
  FlowView sum = a;
  for (const auto& [key, n] : b.counts.flows) sum.counts.flows[key] += n;
  for (const auto& [name, c] : b.counts.hosts) add_counts(sum.counts.hosts[name], c);
  return sum;
}

}  // namespace

std::vector<style::LegendEntry> flow_legend_for(const FlowCounts& counts, const text::Catalog& catalog) {
  const auto has = [&counts](const char* cls) {
    for (const auto& [key, n] : counts.flows) {
      if (key.message_class == cls) return true;
    }
    return false;
  };
  return style::flow_legend(has("dsn"), has("probe"), catalog);
}

void build_flow_map(Graph& graph, const RunRecord& run, const style::Look& look, std::size_t max_edges) {
  const FlowView view = flow_view(run, look.catalog, max_edges);
  const std::string left_out = omissions(view, look.catalog);
  style::begin(graph, look.tr("Mail flows in {1}", {run.topology.scenario}),
               subtitle(run, look) + (left_out.empty() ? "" : "; " + left_out), look.sizes);
  draw_flows(graph, {&view, &view.counts, &run.relay_closed_at, look, "", nullptr, {}});
  finish(graph, view.counts, nullptr, look);
}

Positions flow_map_positions(Context& context, const RunRecord& run, const style::Look& look) {
  Graph graph("flows");
  build_flow_map(graph, run, look);
  return positions_of(context, graph);
}

TimeWindow frame_window(const RunRecord& run, int index, int frames) {
  const double slice = run.topology.duration_s / frames;
  TimeWindow w{slice * index, slice * (index + 1)};
  if (index == frames - 1) w.to_s = std::numeric_limits<double>::infinity();  // the end-of-run events too
  return w;
}

void build_timelapse_frame(Graph& graph, const RunRecord& run, int index, int frames, const Positions& layout,
                           const style::Look& look) {
  const FlowCounts all = count_flows(run);
  const TimeWindow window = frame_window(run, index, frames);
  const FlowView view = flow_view(run, look.catalog, kEveryFlow, window);
  const double to = std::min(window.to_s, run.topology.duration_s);
  style::begin(graph,
               look.tr("Mail flows in {1}, {2} to {3}",
                       {run.topology.scenario, style::clock(window.from_s), style::clock(to)}),
               look.tr("frame {1} of {2}", {std::to_string(index + 1), std::to_string(frames)}) + "; " +
                   subtitle(run, look),
               look.sizes);
  draw_flows(graph, {&view, &all, &run.relay_closed_at, look, "", &layout, {}});
  finish(graph, all, &layout, look);
}

void build_comparison(Context& context, Graph& graph, const RunRecord& before, const RunRecord& after,
                      const ComparisonLook& look) {
  const text::Catalog& tr = look.look.catalog;
  const FlowView a = flow_view(before, tr);
  const FlowView b = flow_view(after, tr);
  const FlowView both = merged(a, b);
  const style::Sizes& text = look.look.sizes;
  const style::Look& drawn = look.look;
  std::set<std::string> same_role;
  for (const NodeRecord& host : before.topology.nodes) {
    const NodeRecord* other = after.topology.find(host.name);
    if (other && other->policy == host.policy && !before.relay_closed_at.count(host.name) &&
        !after.relay_closed_at.count(host.name)) {
      same_role.insert(host.name);
    }
  }
  Positions layout;
  {  // one layout of everything either run drew, so both halves fit the same positions
    Graph union_graph("union");
    style::begin(union_graph, "", "", text, look.rankdir);
    const auto labels =
        sizing_labels({&a, &a.counts, &before.relay_closed_at, drawn, "", nullptr, {}, nullptr, &same_role},
                      {&b, &b.counts, &after.relay_closed_at, drawn, "", nullptr, {}, nullptr, &same_role});
    draw_flows(union_graph, {&both, &both.counts, &before.relay_closed_at, drawn, "", nullptr, {}, &labels});
    if (look.legend) style::legend(union_graph, flow_legend_for(both.counts, tr), drawn);
    layout = positions_of(context, union_graph);
  }
  const TopologyDifference difference = what_differs(before, after, tr);
  const double heading_height = 1.8 * text.heading;
  // Side by side, the second half starts right of the first; stacked, the first sits on top.
  const bool stacked = look.arrangement == ComparisonLook::Arrangement::Stacked;
  const Point second = stacked ? Point{0, 0} : Point{layout.width + 150, 0};
  const Point first = stacked ? Point{0, layout.height + heading_height + 10} : Point{0, 0};
  style::begin(graph, difference.title, drawn.tr("the same hosts at the same places; recipient copies per answer (at RCPT, or after DATA)"),
               text);
  draw_flows(graph, {&a, &a.counts, &before.relay_closed_at, drawn, "before/", &layout, first, nullptr, &same_role});
  draw_flows(graph, {&b, &b.counts, &after.relay_closed_at, drawn, "after/", &layout, second, nullptr, &same_role});
  for (const auto& [name, heading, at] : {std::tuple{"heading/before", &difference.before, first},
                                          std::tuple{"heading/after", &difference.after, second}}) {
    Agnode_t* node = graph.node(name);
    set(node, "shape", "plaintext");
    set(node, "fontsize", std::to_string(text.heading));
    set(node, "label", *heading);
    set(node, "pos", style::number(at.x + layout.width / 2, 2) + "," +
                         style::number(at.y + layout.height + heading_height / 2, 2) + "!");
  }
  if (look.legend) {
    style::legend(graph, flow_legend_for(both.counts, tr), drawn);
    pin(graph.node("legend"), layout, "legend", first);
  }
  use_pinned_positions(graph);
}

}  // namespace relaysim::viz
