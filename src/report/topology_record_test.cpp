// topology.json: what relaysim run writes is what viz/ reads back, field for field.
#include "report/topology_record.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/schema_version.h"

using namespace relaysim;
using report::TopologyRecord;

namespace {

report::NodeRecord host(const char* name, const char* kind, const char* ip) {
  report::NodeRecord n;
  n.name = name;
  n.kind = kind;
  n.ip = ip;
  return n;
}

TopologyRecord some_topology() {
  TopologyRecord t;
  t.scenario = "backup-mx";
  t.title = "A backup MX";
  t.description = "It relays for \"victim.example\".";
  t.translations["es"] = {"Un MX de respaldo", "Retransmite."};
  t.seed = 7;
  t.duration_s = 86400.000001;
  t.default_latency_s = 0.05;
  report::NodeRecord relay = host("mx2.victim", "mta", "198.51.100.2");
  relay.policy = "closed";
  relay.relay_restrictions = {"permit_mynetworks"};
  relay.relay_domains = {"victim.example"};
  relay.submission = true;
  relay.relayhost = "smarthost.example";
  relay.outages = {{600, 1200.5}, {3600, 7200}};
  report::NodeRecord spammer = host("spammer", "botnet", "203.0.113.7");
  spammer.message_class = "spam";
  spammer.via = {"mx2.victim"};
  spammer.bots = 50;
  t.nodes = {relay, spammer};
  t.domains = {{"victim.example", {{"mx.victim", 10}, {"mx2.victim", 20}}, false, "198.51.100.1"},
               {"nomail.example", {}, true, std::nullopt}};
  t.links = {{"spammer", "mx2.victim", 0.12}};
  return t;
}

TopologyRecord read_back(const std::string& text) {
  return nlohmann::ordered_json::parse(text).get<TopologyRecord>();
}

}  // namespace

TEST_CASE("a topology read back from the topology.json written of it is the same topology") {
  const TopologyRecord written = some_topology();
  CHECK(read_back(report::topology_json(written)) == written);
}

TEST_CASE("topology.json begins with its schema_version and writes times with six decimals") {
  const std::string text = report::topology_json(some_topology());
  CHECK(text.rfind("{\n  \"schema_version\": 1,\n  \"scenario\": \"backup-mx\",", 0) == 0);
  CHECK(text.find("\"duration_s\": 86400.000001,") != std::string::npos);
  CHECK(text.find("\"outages\": [[600.000000, 1200.500000], [3600.000000, 7200.000000]]") != std::string::npos);
  CHECK(nlohmann::json::parse(text).at("schema_version") == report::kTopologySchemaVersion);
}

TEST_CASE("a topology without domains or links is written and read back") {
  TopologyRecord t = some_topology();
  t.domains.clear();
  t.links.clear();
  CHECK(read_back(report::topology_json(t)) == t);
}
