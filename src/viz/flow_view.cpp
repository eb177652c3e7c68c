#include "viz/flow_view.h"

#include <algorithm>
#include <vector>

#include "viz/style.h"

namespace relaysim::viz {
namespace {

// The role that puts hosts in one group: an MTA's relay policy, an agent's kind and class.
std::string role_of(const NodeRecord& host) {
  if (host.is_mta()) return "mta " + host.policy;
  return host.kind + " " + host.message_class;
}

std::string group_title(const NodeRecord& first, std::size_t members, const text::Catalog& tr) {
  const std::string n = std::to_string(members);
  if (first.is_mta()) return tr.tr("servers: {1} ({2})", {style::relay_role(first.policy, tr), n});
  if (first.kind == "botnet") return tr.tr("botnets ({1})", {n});
  return first.kind == "user" ? tr.tr("users' hosts ({1})", {n}) : tr.tr("spammers' hosts ({1})", {n});
}

std::string member_line(const NodeRecord& host, const std::map<std::string, double>& relay_closed_at,
                        const text::Catalog& tr) {
  const auto closed = relay_closed_at.find(host.name);
  return closed == relay_closed_at.end() ? host.name
                                         : tr.tr("{1} (closed at {2})", {host.name, style::clock(closed->second)});
}

struct Grouping {
  std::map<std::string, std::string> group_of;  // host -> the node that draws it
  FlowView view;
};

Grouping group_by_role(const RunRecord& run, const text::Catalog& tr) {
  std::map<std::string, std::vector<const NodeRecord*>> roles;
  std::vector<std::string> order;  // roles in scenario order, so the picture is stable
  for (const NodeRecord& host : run.topology.nodes) {
    auto& members = roles[role_of(host)];
    if (members.empty()) order.push_back(role_of(host));
    members.push_back(&host);
  }
  Grouping g;
  g.view.topology = run.topology;
  g.view.topology.nodes.clear();
  for (const std::string& role : order) {
    const auto& members = roles[role];
    NodeRecord node = *members.front();
    if (members.size() > 1) {
      node.name = group_title(*members.front(), members.size(), tr);
      node.outages.clear();
      std::string head = node.name;
      for (const NodeRecord* m : members) head += "\n" + member_line(*m, run.relay_closed_at, tr);
      g.view.group_heads[node.name] = head;
    }
    for (const NodeRecord* m : members) g.group_of[m->name] = node.name;
    g.view.topology.nodes.push_back(node);
  }
  return g;
}

void keep_largest(FlowView& view, std::size_t max_edges) {
  if (view.counts.flows.size() <= max_edges) return;
  std::vector<std::pair<FlowKey, std::uint64_t>> flows(view.counts.flows.begin(), view.counts.flows.end());
  // Largest first; equal volumes in key order, so the same run always keeps the same flows.
  std::stable_sort(flows.begin(), flows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  view.counts.flows.clear();
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (i < max_edges) {
      view.counts.flows.insert(flows[i]);
    } else {
      ++view.hidden_flows;
      view.hidden_copies += flows[i].second;
    }
  }
}

}  // namespace

void add_counts(HostCounts& sum, const HostCounts& more) {
  for (const auto& [cls, n] : more.delivered) sum.delivered[cls] += n;
  for (const auto& [cls, n] : more.junk) sum.junk[cls] += n;
  sum.refused += more.refused;
  sum.unanswered += more.unanswered;
  sum.turned_away += more.turned_away;
  sum.deferred += more.deferred;
  sum.queued += more.queued;
  sum.bounced += more.bounced;
}

std::string omissions(const FlowView& view, const text::Catalog& tr) {
  std::string note;
  if (!view.group_heads.empty()) note = tr.tr("servers and senders grouped by role");
  if (view.hidden_flows) {
    note += (note.empty() ? "" : "; ") + tr.tr("{1} smaller flows ({2} copies) not drawn",
                                               {std::to_string(view.hidden_flows), std::to_string(view.hidden_copies)});
  }
  return note;
}

FlowView flow_view(const RunRecord& run, const text::Catalog& catalog, std::size_t max_edges, TimeWindow window) {
  FlowCounts counts = count_flows(run, window);
  if (counts.flows.size() <= max_edges) return {run.topology, std::move(counts), {}, 0, 0};
  Grouping g = group_by_role(run, catalog);
  for (const auto& [key, n] : counts.flows) {
    FlowKey merged = key;
    merged.from = g.group_of.count(key.from) ? g.group_of[key.from] : key.from;
    merged.to = g.group_of.count(key.to) ? g.group_of[key.to] : key.to;
    g.view.counts.flows[merged] += n;
  }
  for (const auto& [host, c] : counts.hosts) {
    add_counts(g.view.counts.hosts[g.group_of.count(host) ? g.group_of[host] : host], c);
  }
  keep_largest(g.view, max_edges);
  return std::move(g.view);
}

}  // namespace relaysim::viz
