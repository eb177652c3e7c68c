#include "scenario/loader_context.h"

#include <algorithm>
#include <limits>

#include "scenario/suggest.h"
#include "scenario/units.h"
#include "smtp/ascii_case.h"

namespace relaysim::scenario::detail {
namespace {

std::vector<std::string_view> entry_names(const std::vector<Entry>& entries) {
  std::vector<std::string_view> names;
  for (const Entry& e : entries) names.push_back(e.name);
  return names;
}

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::vector<std::string_view> NameIndex::domain_names() const { return entry_names(domains); }
std::vector<std::string_view> NameIndex::mta_names() const { return entry_names(mtas); }

std::vector<std::string_view> NameIndex::node_names() const {
  std::vector<std::string_view> names = mta_names();
  for (const auto& [name, pos] : agent_names) names.push_back(name);
  return names;
}

std::optional<std::string> LoadContext::reference(Pos pos, std::string name, std::string_view role,
                                                  const std::vector<std::string_view>& names,
                                                  const char* defined_as) {
  if (contains(names, name)) return name;
  in.error(pos, text::N_("{1} '{2}' is not {3}{4}"), {role, name, tr(defined_as), did_you_mean(name, names, in.catalog())});
  return std::nullopt;
}

std::optional<std::string> LoadContext::mta_ref(const YAML::Node& node, Pos pos, std::string_view role) {
  auto name = in.scalar(node, pos, role, kHostnameExpected, parse_hostname);
  // Without any MTA (already an error) every MTA reference would fail too: one error is enough.
  if (!name || names.mtas.empty()) return std::nullopt;
  return reference(pos, *name, role, names.mta_names(), text::N_("an MTA of this scenario"));
}

std::optional<std::string> LoadContext::domain_ref(const YAML::Node& node, Pos pos, std::string_view role) {
  auto name = in.scalar(node, pos, role, kHostnameExpected, parse_hostname);
  if (!name) return std::nullopt;
  return reference(pos, *name, role, names.domain_names(), text::N_("a domain of this scenario"));
}

std::optional<std::string> LoadContext::node_ref(const YAML::Node& node, Pos pos, std::string_view role) {
  auto name = in.scalar(node, pos, role, text::N_("an MTA or agent name"), parse_text);
  if (!name) return std::nullopt;
  // Agent names are matched exactly, MTA names (DNS names) in any case.
  if (!names.agent_names.contains(*name)) {
    if (names.mtas.empty()) return std::nullopt;  // as in mta_ref
    name = smtp::lowercase(*name);
  }
  return reference(pos, *name, role, names.node_names(), text::N_("an MTA or agent of this scenario"));
}

void LoadContext::claim_ip(std::uint32_t ip, Pos pos, const std::string& owner) {
  auto [it, inserted] = ip_owners_.try_emplace(ip, owner, pos);
  if (inserted) return;
  in.error(pos, text::N_("IP address {1} is already used by {2} (line {3})"),
           {mta::format_ipv4(ip), it->second.first, std::to_string(it->second.second.line)});
}

}  // namespace relaysim::scenario::detail

namespace relaysim::scenario::detail {
namespace {

void register_agent_name(LoadContext& c, const YAML::Node& name_node) {
  const std::string& name = name_node.Scalar();
  Pos pos = position(name_node);
  auto mtas = c.names.mta_names();
  if (auto it = c.names.agent_names.find(name); it != c.names.agent_names.end()) {
    c.in.error(pos, text::N_("duplicate agent name '{1}' (first at line {2})"), {name, std::to_string(it->second.line)});
  } else if (std::find(mtas.begin(), mtas.end(), smtp::lowercase(name)) != mtas.end()) {
    c.in.error(pos, text::N_("agent name '{1}' is also an MTA's name: links could not tell them apart"), {name});
  } else {
    c.names.agent_names.emplace(name, pos);
  }
}

}  // namespace

// The first "name:" wins, as in Fields; a repeated one is reported when the agent is read.
std::optional<YAML::Node> agent_name_node(const YAML::Node& agent) {
  if (!agent.IsMap()) return std::nullopt;
  for (const auto& pair : agent) {
    if (pair.first.IsScalar() && pair.first.Scalar() == "name") {
      return pair.second.IsScalar() ? std::optional<YAML::Node>(pair.second) : std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::uint32_t> positive_count(LoadContext& c, const Fields& f, std::string_view key) {
  auto n = c.in.field(f, key, kCountExpected, parse_count);
  if (!n) return std::nullopt;
  if (*n < 1 || *n > std::numeric_limits<std::uint32_t>::max()) {
    c.in.error(f.find(key)->where(), *n < 1 ? text::N_("{1}: must be at least 1") : text::N_("{1}: must be at most 4294967295"),
               {key});
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*n);
}

void gather_names(LoadContext& c, const Fields& top) {
  if (const Entry* e = top.find("domains")) c.names.domains = c.in.named_entries(e->value, "domains", text::N_("domain"), true);
  if (const Entry* e = top.find("mtas")) {
    c.names.mtas = c.in.named_entries(e->value, "mtas", text::N_("MTA"), true);
    if (c.names.mtas.empty() && (e->value.IsMap() || e->value.IsNull())) {
      c.in.error(e->where(), text::N_("mtas: a scenario needs at least one MTA"));
    }
  }
  if (auto agents = c.in.list(top, "agents", text::N_("a list of agents like [{ kind: user, name: alice, ... }]"))) {
    c.names.agents = *agents;
  }
  for (const YAML::Node& agent : c.names.agents) {
    if (auto name = agent_name_node(agent)) register_agent_name(c, *name);
  }
}

}  // namespace relaysim::scenario::detail
