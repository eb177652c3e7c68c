#include "report/topology_record.h"

#include <nlohmann/json.hpp>

#include "report/json.h"
#include "report/schema_version.h"
#include "report/seconds_text.h"

namespace relaysim::report {
namespace {

using nlohmann::ordered_json;

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

void append_optional(std::string& out, const std::optional<std::string>& text) {
  if (text) {
    append_json_string(out, *text);
  } else {
    out += "null";
  }
}

void append_outages(std::string& out, const std::vector<Outage>& down) {
  out += '[';
  for (std::size_t i = 0; i < down.size(); ++i) {
    out += i ? ", [" : "[";
    append_seconds(out, time_of_seconds(down[i].from_s));
    out += ", ";
    append_seconds(out, time_of_seconds(down[i].to_s));
    out += ']';
  }
  out += ']';
}

void append_mta(std::string& out, const NodeRecord& m) {
  append_key(out, "policy");
  append_json_string(out, m.policy);
  append_key(out, "relay_restrictions");
  append_strings(out, m.relay_restrictions);
  append_key(out, "mydestination");
  append_strings(out, m.mydestination);
  append_key(out, "relay_domains");
  append_strings(out, m.relay_domains);
  append_key(out, "relay_recipients");
  append_strings(out, m.relay_recipients);
  append_key(out, "submission");
  out += m.submission ? "true" : "false";
  append_key(out, "relayhost");
  append_optional(out, m.relayhost);
  append_key(out, "outages");
  append_outages(out, m.outages);
}

void append_agent(std::string& out, const NodeRecord& a) {
  append_key(out, "class");
  append_json_string(out, a.message_class);
  append_key(out, "address");
  append_json_string(out, a.address);
  append_key(out, "via");
  append_strings(out, a.via);
  append_key(out, "bots");
  out += std::to_string(a.bots);
}

void append_node(std::string& out, const NodeRecord& node) {
  out += "{\"name\": ";
  append_json_string(out, node.name);
  append_key(out, "kind");
  append_json_string(out, node.kind);
  append_key(out, "ip");
  append_json_string(out, node.ip);
  // Every host that is not an MTA is an agent's (the world makes no other).
  if (node.is_mta()) {
    append_mta(out, node);
  } else {
    append_agent(out, node);
  }
  out += '}';
}

void append_domain(std::string& out, const DomainRecord& d) {
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
  append_optional(out, d.address);
  out += '}';
}

void append_translations(std::string& out, const TopologyRecord& t) {
  out += '{';
  bool first = true;
  for (const auto& [language, words] : t.translations) {
    out += first ? "" : ", ";
    first = false;
    append_json_string(out, language);
    out += ": {\"title\": ";
    append_json_string(out, words.first);
    out += ", \"description\": ";
    append_json_string(out, words.second);
    out += "}";
  }
  out += '}';
}

template <typename T>
T value_or(const ordered_json& object, const char* key, T fallback) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? fallback : it->get<T>();
}

std::optional<std::string> optional_string(const ordered_json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

NodeRecord node_from(const ordered_json& j) {
  NodeRecord n;
  n.name = j.at("name").get<std::string>();
  n.kind = j.at("kind").get<std::string>();
  n.ip = value_or<std::string>(j, "ip", "");
  n.policy = value_or<std::string>(j, "policy", "");
  n.relay_restrictions = value_or<std::vector<std::string>>(j, "relay_restrictions", {});
  n.mydestination = value_or<std::vector<std::string>>(j, "mydestination", {});
  n.relay_domains = value_or<std::vector<std::string>>(j, "relay_domains", {});
  n.relay_recipients = value_or<std::vector<std::string>>(j, "relay_recipients", {});
  n.submission = value_or<bool>(j, "submission", false);
  n.relayhost = optional_string(j, "relayhost");
  for (const auto& o : value_or<ordered_json>(j, "outages", ordered_json::array())) {
    n.outages.push_back({o.at(0), o.at(1)});
  }
  n.message_class = value_or<std::string>(j, "class", "");
  n.address = value_or<std::string>(j, "address", "");
  n.via = value_or<std::vector<std::string>>(j, "via", {});
  n.bots = value_or<std::uint32_t>(j, "bots", 1);
  return n;
}

DomainRecord domain_from(const ordered_json& d) {
  DomainRecord domain{d.at("name").get<std::string>(), {}, value_or<bool>(d, "null_mx", false),
                      optional_string(d, "address")};
  for (const auto& mx : d.at("mx")) domain.mx.push_back({mx.at("host"), mx.at("preference")});
  return domain;
}

}  // namespace

std::string TopologyRecord::title_in(const text::Catalog& catalog) const {
  const auto it = translations.find(text::language_code(catalog.language()));
  return it != translations.end() && !it->second.first.empty() ? it->second.first : title;
}

std::string TopologyRecord::description_in(const text::Catalog& catalog) const {
  const auto it = translations.find(text::language_code(catalog.language()));
  return it != translations.end() && !it->second.second.empty() ? it->second.second : description;
}

const NodeRecord* TopologyRecord::find(const std::string& name) const {
  for (const NodeRecord& n : nodes) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

std::string topology_json(const TopologyRecord& t) {
  std::string out = "{\n  \"schema_version\": " + std::to_string(kTopologySchemaVersion) + ",\n  \"scenario\": ";
  append_json_string(out, t.scenario);
  out += ",\n  \"title\": ";
  append_json_string(out, t.title);
  out += ",\n  \"description\": ";
  append_json_string(out, t.description);
  out += ",\n  \"translations\": ";
  append_translations(out, t);
  out += ",\n  \"seed\": " + std::to_string(t.seed) + ",\n  \"duration_s\": ";
  append_seconds(out, time_of_seconds(t.duration_s));
  out += ",\n  \"default_latency_s\": ";
  append_seconds(out, time_of_seconds(t.default_latency_s));
  out += ",\n  \"nodes\": [\n";
  for (std::size_t n = 0; n < t.nodes.size(); ++n) {
    out += n ? ",\n    " : "    ";
    append_node(out, t.nodes[n]);
  }
  out += "\n  ],\n  \"domains\": [\n";
  for (std::size_t i = 0; i < t.domains.size(); ++i) {
    if (i) out += ",\n";
    append_domain(out, t.domains[i]);
  }
  out += "\n  ],\n  \"links\": [";
  for (std::size_t i = 0; i < t.links.size(); ++i) {
    out += i ? ",\n    {\"a\": " : "\n    {\"a\": ";
    append_json_string(out, t.links[i].a);
    out += ", \"b\": ";
    append_json_string(out, t.links[i].b);
    out += ", \"latency_s\": ";
    append_seconds(out, time_of_seconds(t.links[i].latency_s));
    out += '}';
  }
  out += "\n  ]\n}\n";
  return out;
}

void from_json(const ordered_json& j, TopologyRecord& t) {
  t = {};
  t.scenario = j.at("scenario").get<std::string>();
  t.title = j.value("title", std::string());
  t.description = j.value("description", std::string());
  if (j.contains("translations")) {
    for (const auto& [language, words] : j.at("translations").items()) {
      t.translations[language] = {words.value("title", std::string()), words.value("description", std::string())};
    }
  }
  t.seed = j.at("seed").get<std::uint64_t>();
  t.duration_s = j.at("duration_s").get<double>();
  t.default_latency_s = j.value("default_latency_s", 0.0);
  for (const auto& n : j.at("nodes")) t.nodes.push_back(node_from(n));
  for (const auto& d : j.at("domains")) t.domains.push_back(domain_from(d));
  for (const auto& l : j.at("links")) t.links.push_back({l.at("a"), l.at("b"), l.at("latency_s")});
}

}  // namespace relaysim::report
