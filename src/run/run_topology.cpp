#include "run/run_topology.h"

#include "scenario/spec_names.h"

namespace relaysim::run {
namespace {

std::string kind_name(world::NodeKind kind) {
  switch (kind) {
    case world::NodeKind::Mta: return "mta";
    case world::NodeKind::UserHost: return "user";
    case world::NodeKind::SpammerHost: return "spammer";
    case world::NodeKind::Botnet: return "botnet";
  }
  return "mta";
}

void add_mta(report::NodeRecord& node, const world::MtaNodeConfig& m) {
  node.policy = scenario::to_string(m.policy);
  for (const auto r : m.relay_restrictions) node.relay_restrictions.emplace_back(scenario::to_string(r));
  node.mydestination = m.mydestination;
  node.relay_domains = m.relay_domains;
  node.relay_recipients = m.relay_recipients;
  node.submission = m.submission;
  node.relayhost = m.relayhost;
  for (const world::Interval& down : m.down) node.outages.push_back({sim::to_seconds(down.from), sim::to_seconds(down.to)});
}

void add_agent(report::NodeRecord& node, const world::AgentConfig& a) {
  node.message_class = world::class_name(a.message_class);
  node.address = a.address;
  node.via = a.via;
  node.bots = a.bots;
}

report::DomainRecord domain_record(const world::DomainRecords& d) {
  report::DomainRecord domain{d.name, {}, d.null_mx, std::nullopt};
  for (const auto& mx : d.mx) domain.mx.push_back({mx.host, mx.preference});
  if (d.address) domain.address = mta::format_ipv4(*d.address);
  return domain;
}

}  // namespace

report::TopologyRecord topology_record(const scenario::ScenarioSpec& spec, const world::Topology& topology,
                                       sim::SimTime sim_time) {
  report::TopologyRecord t;
  t.scenario = spec.name;
  t.title = spec.title;
  t.description = spec.description;
  for (const auto& [language, text] : spec.translations) t.translations[language] = {text.title, text.description};
  t.seed = spec.seed;
  t.duration_s = sim::to_seconds(sim_time);
  t.default_latency_s = sim::to_seconds(spec.default_latency);
  // The world numbers MTAs first (in file order), then one host per agent (in file order).
  for (std::uint32_t n = 0; n < topology.size(); ++n) {
    const world::Node& host = topology.node(n);
    report::NodeRecord& node = t.nodes.emplace_back();
    node.name = host.name;
    node.kind = kind_name(host.kind);
    node.ip = mta::format_ipv4(host.ip);
    if (n < spec.mtas.size()) {
      add_mta(node, spec.mtas[n]);
    } else if (n - spec.mtas.size() < spec.agents.size()) {
      add_agent(node, spec.agents[n - spec.mtas.size()]);
    }
  }
  for (const world::DomainRecords& d : spec.domains) t.domains.push_back(domain_record(d));
  for (const auto& link : spec.links) t.links.push_back({link.a, link.b, sim::to_seconds(link.latency)});
  return t;
}

}  // namespace relaysim::run
