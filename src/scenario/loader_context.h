// State shared by the section readers while one scenario file is loaded (internal to the
// loader): the spec being built, the names every reference may point to, and IP ownership.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario_loader.h"
#include "scenario/scenario_spec.h"
#include "scenario/yaml_input.h"

namespace relaysim::scenario::detail {

// What the file set explicitly, where a default depends on whether it did (an explicit empty
// mynetworks: [] trusts nobody; an absent one trusts the host itself).
struct MtaGiven {
  bool mydestination = false;
  bool relay_domains = false;
  bool mynetworks = false;
};

// Names gathered before any section is read, since sections refer to each other both ways
// (domains name MTAs as MX hosts, MTAs name domains in mydestination).
struct NameIndex {
  std::vector<Entry> domains;      // domains:, keys lower-cased, duplicates dropped
  std::vector<Entry> mtas;         // mtas:, likewise
  std::vector<YAML::Node> agents;  // agents: elements
  std::map<std::string, Pos> agent_names;

  std::vector<std::string_view> domain_names() const;
  std::vector<std::string_view> mta_names() const;
  std::vector<std::string_view> node_names() const;  // MTAs and agents: what links connect
};

class LoadContext {
 public:
  explicit LoadContext(DiagnosticList& diagnostics) : in(diagnostics) {}

  // A text of the catalogue, in the language of the diagnostics.
  std::string tr(const char* msgid, std::initializer_list<std::string_view> args = {}) const { return in.tr(msgid, args); }

  Input in;
  ScenarioSpec spec;
  NameIndex names;
  std::optional<SimTime> duration;  // known only if valid; checks against it are skipped otherwise
  std::vector<MtaGiven> given;      // parallel to spec.mtas
  // Errors in other files the scenario names (postfix: FILE), each at its own file's line.
  std::vector<Diagnostic> file_errors;

  // Each reads a host or domain name in `node` (lower-cased), reports it at `pos` unless it names
  // a defined MTA / domain / MTA-or-agent, and returns it when it does. `role` starts the message
  // (a key, or a phrase already translated).
  std::optional<std::string> mta_ref(const YAML::Node& node, Pos pos, std::string_view role);
  std::optional<std::string> domain_ref(const YAML::Node& node, Pos pos, std::string_view role);
  std::optional<std::string> node_ref(const YAML::Node& node, Pos pos, std::string_view role);

  // Records that `owner` ("MTA 'mx.example'") uses `ip`; reports a second user of the same address.
  void claim_ip(std::uint32_t ip, Pos pos, const std::string& owner);

 private:
  // `name` if it is among `names`; otherwise reports it, with the closest of `names` as a suggestion.
  std::optional<std::string> reference(Pos pos, std::string name, std::string_view role,
                                       const std::vector<std::string_view>& names, const char* defined_as);
  std::map<std::uint32_t, std::pair<std::string, Pos>> ip_owners_;
};

// The "name:" value of an agent mapping, if it is a scalar (before the mapping is checked).
std::optional<YAML::Node> agent_name_node(const YAML::Node& agent);

// A count field that must be at least 1 and fit 32 bits (recipient_limit, bots, ...).
std::optional<std::uint32_t> positive_count(LoadContext& c, const Fields& f, std::string_view key);

// The sections, read in this order whatever their order in the file.
void gather_names(LoadContext& c, const Fields& top);
void read_domains(LoadContext& c);
void read_mtas(LoadContext& c);
void read_links(LoadContext& c, const Fields& top);
void read_agents(LoadContext& c);
// Defences and spam dynamics (read_defences.cpp): the top-level part is read before the MTAs,
// which refer to its blocklists; the others from within their sections' readers.
void read_scenario_dynamics(LoadContext& c, const Fields& top);
void read_domain_authentication(LoadContext& c, const Fields& f, DomainSpec& domain);
void read_mta_defences(LoadContext& c, const Fields& f, MtaSpec& mta);
void read_agent_dynamics(LoadContext& c, const Fields& f, AgentSpec& a);

// Defaults that depend on other parts of the scenario (MX-derived mydestination, preset
// restriction lists, agent stop times); run only on a scenario without errors.
void fill_defaults(ScenarioSpec& spec, const std::vector<MtaGiven>& given);

// Checks of the whole scenario, once defaults are filled in: relay loops that can never deliver
// (check_routes.cpp) and work beyond `limits` (check_work.cpp).
void check_route_loops(LoadContext& c);
void check_work(LoadContext& c, const Fields& top, const LoadLimits& limits);

}  // namespace relaysim::scenario::detail
