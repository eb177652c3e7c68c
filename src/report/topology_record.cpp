#include "report/topology_record.h"

#include "report/json.h"
#include "report/seconds_text.h"
#include "scenario/spec_names.h"

namespace relaysim::report {
namespace {

std::string_view kind_name(world::NodeKind kind) {
  switch (kind) {
    case world::NodeKind::Mta: return "mta";
    case world::NodeKind::UserHost: return "user";
    case world::NodeKind::SpammerHost: return "spammer";
    case world::NodeKind::Botnet: return "botnet";
  }
  return "mta";
}

void append_strings(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    append_json_string(out, items[i]);
  }
  out += ']';
}

void append_key(std::string& out, std::string_view key) {
  out += ", ";
  append_json_string(out, key);
  out += ": ";
}

void append_outages(std::string& out, const std::vector<world::Interval>& down) {
  out += '[';
  for (std::size_t i = 0; i < down.size(); ++i) {
    out += i ? ", [" : "[";
    append_seconds(out, down[i].from);
    out += ", ";
    append_seconds(out, down[i].to);
    out += ']';
  }
  out += ']';
}

void append_mta(std::string& out, const world::MtaNodeConfig& m) {
  append_key(out, "policy");
  append_json_string(out, scenario::to_string(m.policy));
  std::vector<std::string> restrictions;
  for (const auto r : m.relay_restrictions) restrictions.emplace_back(scenario::to_string(r));
  append_key(out, "relay_restrictions");
  append_strings(out, restrictions);
  append_key(out, "mydestination");
  append_strings(out, m.mydestination);
  append_key(out, "relay_domains");
  append_strings(out, m.relay_domains);
  append_key(out, "submission");
  out += m.submission ? "true" : "false";
  append_key(out, "relayhost");
  if (m.relayhost) {
    append_json_string(out, *m.relayhost);
  } else {
    out += "null";
  }
  append_key(out, "outages");
  append_outages(out, m.down);
}

void append_agent(std::string& out, const world::AgentConfig& a) {
  append_key(out, "class");
  append_json_string(out, world::class_name(a.message_class));
  append_key(out, "address");
  append_json_string(out, a.address);
  append_key(out, "via");
  append_strings(out, a.via);
  append_key(out, "bots");
  out += std::to_string(a.bots);
}

void append_domain(std::string& out, const world::DomainRecords& d) {
  out += "    {\"name\": ";
  append_json_string(out, d.name);
  out += ", \"mx\": [";
  for (std::size_t i = 0; i < d.mx.size(); ++i) {
    out += i ? ", {\"host\": " : "{\"host\": ";
    append_json_string(out, d.mx[i].host);
    out += ", \"preference\": " + std::to_string(d.mx[i].preference) + "}";
  }
  out += "], \"null_mx\": ";
  out += d.null_mx ? "true" : "false";
  out += ", \"address\": ";
  if (d.address) {
    append_json_string(out, mta::format_ipv4(*d.address));
  } else {
    out += "null";
  }
  out += '}';
}

}  // namespace

std::string topology_json(const scenario::ScenarioSpec& spec, const world::Topology& topology, sim::SimTime sim_time) {
  std::string out = "{\n  \"scenario\": ";
  append_json_string(out, spec.name);
  out += ",\n  \"title\": ";
  append_json_string(out, spec.title);
  out += ",\n  \"description\": ";
  append_json_string(out, spec.description);
  out += ",\n  \"translations\": {";
  bool first = true;
  for (const auto& [language, text] : spec.translations) {
    out += first ? "" : ", ";
    first = false;
    append_json_string(out, language);
    out += ": {\"title\": ";
    append_json_string(out, text.title);
    out += ", \"description\": ";
    append_json_string(out, text.description);
    out += "}";
  }
  out += "}";
  out += ",\n  \"seed\": " + std::to_string(spec.seed) + ",\n  \"duration_s\": ";
  append_seconds(out, sim_time);
  out += ",\n  \"default_latency_s\": ";
  append_seconds(out, spec.default_latency);
  out += ",\n  \"nodes\": [\n";
  // The world numbers MTAs first (in file order), then one host per agent (in file order).
  for (std::uint32_t n = 0; n < topology.size(); ++n) {
    const world::Node& node = topology.node(n);
    out += n ? ",\n    {\"name\": " : "    {\"name\": ";
    append_json_string(out, node.name);
    append_key(out, "kind");
    append_json_string(out, kind_name(node.kind));
    append_key(out, "ip");
    append_json_string(out, mta::format_ipv4(node.ip));
    if (n < spec.mtas.size()) {
      append_mta(out, spec.mtas[n]);
    } else if (n - spec.mtas.size() < spec.agents.size()) {
      append_agent(out, spec.agents[n - spec.mtas.size()]);
    }
    out += '}';
  }
  out += "\n  ],\n  \"domains\": [\n";
  for (std::size_t i = 0; i < spec.domains.size(); ++i) {
    if (i) out += ",\n";
    append_domain(out, spec.domains[i]);
  }
  out += "\n  ],\n  \"links\": [";
  for (std::size_t i = 0; i < spec.links.size(); ++i) {
    out += i ? ",\n    {\"a\": " : "\n    {\"a\": ";
    append_json_string(out, spec.links[i].a);
    out += ", \"b\": ";
    append_json_string(out, spec.links[i].b);
    out += ", \"latency_s\": ";
    append_seconds(out, spec.links[i].latency);
    out += '}';
  }
  out += "\n  ]\n}\n";
  return out;
}

}  // namespace relaysim::report
