#include "viz/topology_diagram.h"

#include <algorithm>
#include <map>

#include "viz/style.h"

namespace relaysim::viz {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The domain a host is drawn in: an MTA in the first domain it is final destination for, else
// the first it is MX for; a user in their address's domain. Empty: outside every domain.
std::string home_domain(const NodeRecord& host, const TopologyRecord& topology) {
  if (!host.is_mta()) {
    const auto at = host.address.rfind('@');
    const std::string domain = at == std::string::npos ? "" : host.address.substr(at + 1);
    for (const DomainRecord& d : topology.domains) {
      if (d.name == domain && host.kind == "user") return domain;
    }
    return "";
  }
  for (const DomainRecord& d : topology.domains) {
    if (contains(host.mydestination, d.name)) return d.name;
  }
  for (const DomainRecord& d : topology.domains) {
    for (const MxRecord& mx : d.mx) {
      if (mx.host == host.name) return d.name;
    }
  }
  return "";
}

std::string domain_label(const DomainRecord& d, const text::Catalog& tr) {
  std::string label = d.name + "\nDNS";
  if (d.null_mx) label += "\n" + tr.tr("null MX: accepts no mail");
  if (d.mx.empty() && d.address) label += "\n" + tr.tr("no MX; A {1}", {*d.address});
  return label;
}

// "\nMX 10" (for the domain it is drawn in), "\nMX 20 for example.org": short labels carry the
// MX records, in place of the DNS nodes.
std::string mx_lines(const NodeRecord& host, const TopologyRecord& topology, const std::string& home,
                     const text::Catalog& tr) {
  std::string lines;
  for (const DomainRecord& d : topology.domains) {
    for (const MxRecord& mx : d.mx) {
      if (mx.host != host.name) continue;
      const std::string preference = std::to_string(mx.preference);
      lines += "\n" + (d.name == home ? "MX " + preference : tr.tr("MX {1} for {2}", {preference, d.name}));
    }
  }
  return lines;
}

// A domain is drawn as a DNS node when its MX edges are drawn, or when no host carries its
// records (null MX, an A record only).
bool draws_dns_node(const DomainRecord& d, HostLabels labels) { return labels == HostLabels::Full || d.mx.empty(); }

void add_domains(Graph& graph, const TopologyRecord& topology, std::map<std::string, Agraph_t*>& clusters,
                 const style::Look& look, HostLabels labels) {
  for (std::size_t i = 0; i < topology.domains.size(); ++i) {
    const DomainRecord& d = topology.domains[i];
    Agraph_t* cluster = graph.subgraph("cluster_domain_" + std::to_string(i));
    set(cluster, "label", d.name);
    set(cluster, "style", "rounded");
    set(cluster, "color", style::kGrey);
    set(cluster, "fontsize", std::to_string(look.sizes.subtitle));
    clusters[d.name] = cluster;
    if (!draws_dns_node(d, labels)) continue;
    Agnode_t* node = graph.node("domain " + d.name);
    Graph::add_to(cluster, node);
    set(node, "shape", "folder");
    set(node, "label", domain_label(d, look.catalog));
    set(node, "fontsize", std::to_string(look.sizes.small));
  }
}

void add_mx_edges(Graph& graph, const TopologyRecord& topology, HostLabels labels) {
  if (labels == HostLabels::Short) return;  // the MTAs' labels say it
  for (const DomainRecord& d : topology.domains) {
    for (const MxRecord& mx : d.mx) {
      Agedge_t* e = graph.edge(graph.node("domain " + d.name), graph.node(mx.host), "mx " + d.name + " " + mx.host);
      set(e, "label", "MX " + std::to_string(mx.preference));
      set(e, "style", "dotted");
      set(e, "penwidth", "2");
      set(e, "arrowhead", "vee");
    }
  }
}

void add_routes(Graph& graph, const TopologyRecord& topology, const text::Catalog& tr) {
  for (const NodeRecord& host : topology.nodes) {
    for (const std::string& via : host.via) {
      Agedge_t* e = graph.edge(graph.node(host.name), graph.node(via), "via " + host.name + " " + via);
      set(e, "label", host.kind == "user" ? tr.tr("submits via") : tr.tr("sends via"));
      set(e, "color", style::class_colour(host.message_class));
      set(e, "fontcolor", style::class_colour(host.message_class));
      set(e, "penwidth", "2");
    }
    if (host.relayhost) {
      Agedge_t* e = graph.edge(graph.node(host.name), graph.node(*host.relayhost), "relayhost " + host.name);
      set(e, "label", "relayhost");
      set(e, "penwidth", "2");
    }
  }
  for (const LinkRecord& link : topology.links) {
    Agedge_t* e = graph.edge(graph.node(link.a), graph.node(link.b), "link " + link.a + " " + link.b);
    set(e, "label", tr.tr("link {1} ms", {style::number(link.latency_s * 1000, 0)}));
    set(e, "dir", "none");
    set(e, "style", "dashed");
    set(e, "color", style::kGrey);
    set(e, "constraint", "false");
  }
}

}  // namespace

std::string host_label(const NodeRecord& host, HostLabels labels, const text::Catalog& tr) {
  const bool full = labels == HostLabels::Full;
  std::string label = full ? host.name + "\n" + host.ip : host.name;
  const std::string cls = style::class_label(host.message_class, tr);
  if (host.is_mta()) {
    const std::string role = style::relay_role(host.policy, tr);
    label += "\n" + (full ? tr.tr("relay policy: {1} ({2})", {host.policy, role}) : role);
    if (host.submission) label += "\n" + tr.tr("submission port 587");
    for (const Outage& o : host.outages) {
      label += "\n" + tr.tr("DOWN {1}-{2}", {style::clock(o.from_s), style::clock(o.to_s)});
    }
  } else if (host.kind == "botnet") {
    label += "\n" + tr.tr("{1} bots, {2}", {std::to_string(host.bots), cls});
  } else {
    label += "\n" + tr.tr("sends {1}", {cls});
  }
  return label;
}

void build_topology_diagram(Graph& graph, const TopologyRecord& topology, const style::Look& look,
                            HostLabels labels) {
  style::begin(graph, look.tr("Topology of {1}", {topology.scenario}),
               look.tr("who may relay, and which servers receive each domain's mail (MX)"), look.sizes);
  std::map<std::string, Agraph_t*> clusters;
  add_domains(graph, topology, clusters, look, labels);
  for (const NodeRecord& host : topology.nodes) {
    Agnode_t* node = graph.node(host.name);
    const std::string domain = home_domain(host, topology);
    if (!domain.empty()) Graph::add_to(clusters.at(domain), node);
    style::style_host(node, host);
    set(node, "label",
        host_label(host, labels, look.catalog) +
            (labels == HostLabels::Short ? mx_lines(host, topology, domain, look.catalog) : ""));
  }
  add_mx_edges(graph, topology, labels);
  add_routes(graph, topology, look.catalog);
  style::legend(graph, style::host_legend(topology, look.catalog), look);
}

}  // namespace relaysim::viz
