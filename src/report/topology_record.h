// topology.json as a record: the world a run simulated (hosts, relay policies, DNS, links,
// outages), written beside summary.json so that diagrams can be drawn later from the run's
// outputs alone. cli/ fills it from the scenario; viz/ reads it back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "text/catalog.h"

namespace relaysim::report {

struct Outage {
  double from_s = 0;
  double to_s = 0;
  friend bool operator==(const Outage&, const Outage&) = default;
};

struct NodeRecord {
  std::string name;
  std::string kind;  // mta, user, spammer, botnet
  std::string ip;
  // MTAs
  std::string policy;  // open, mynetworks, authenticated, closed
  std::vector<std::string> relay_restrictions, mydestination, relay_domains, relay_recipients;
  bool submission = false;
  std::optional<std::string> relayhost;
  std::vector<Outage> outages;
  // agents
  std::string message_class;  // ham, spam
  std::string address;
  std::vector<std::string> via;
  std::uint32_t bots = 1;

  bool is_mta() const { return kind == "mta"; }
  friend bool operator==(const NodeRecord&, const NodeRecord&) = default;
};

struct MxRecord {
  std::string host;
  int preference = 10;
  friend bool operator==(const MxRecord&, const MxRecord&) = default;
};

struct DomainRecord {
  std::string name;
  std::vector<MxRecord> mx;
  bool null_mx = false;
  std::optional<std::string> address;
  friend bool operator==(const DomainRecord&, const DomainRecord&) = default;
};

struct LinkRecord {
  std::string a, b;
  double latency_s = 0;
  friend bool operator==(const LinkRecord&, const LinkRecord&) = default;
};

struct TopologyRecord {
  std::string scenario;
  std::string title;        // the scenario's title: the lesson's headline, may be empty
  std::string description;  // the scenario's description: the lesson in a few sentences
  std::map<std::string, std::pair<std::string, std::string>> translations;  // language -> (title, description)
  // The title and description in the catalogue's language, English where the scenario has none.
  std::string title_in(const text::Catalog& catalog) const;
  std::string description_in(const text::Catalog& catalog) const;
  std::uint64_t seed = 0;
  double duration_s = 0;  // how long the run simulated
  double default_latency_s = 0;  // of a hop between hosts that no link names
  std::vector<NodeRecord> nodes;  // MTAs first, then agents' hosts, in scenario order
  std::vector<DomainRecord> domains;
  std::vector<LinkRecord> links;
  const NodeRecord* find(const std::string& name) const;
  friend bool operator==(const TopologyRecord&, const TopologyRecord&) = default;
};

// topology.json's text, laid out by hand (one line per node, domain and link) so that its bytes
// are the same on every platform; times as seconds with six decimals (seconds_text.h).
std::string topology_json(const TopologyRecord& topology);
// Throws nlohmann::json::exception when a field is missing or of the wrong type; the caller
// checks schema_version first (schema_version.h) and names the file.
void from_json(const nlohmann::ordered_json& j, TopologyRecord& topology);

}  // namespace relaysim::report
