// Relay loops found before the run: routes that, with every host up, come back to a server they
// passed without reaching one that delivers the mail. Postfix would pass such mail round until
// hopcount_limit and bounce it (554 5.4.0); a scenario that does so by construction is a mistake.
#include <algorithm>
#include <set>

#include "mta/routing.h"
#include "scenario/loader_context.h"
#include "world/dns.h"
#include "world/topology.h"

namespace relaysim::scenario::detail {
namespace {

// The servers of the scenario as the world will number them, with its DNS: the same
// route_domain the MTAs use decides each next hop here.
struct RouteMap {
  explicit RouteMap(const ScenarioSpec& spec) : topology(spec.default_latency) {
    for (const MtaSpec& m : spec.mtas) topology.add_node({m.name, world::NodeKind::Mta, m.ip, {}});
    for (const MtaSpec& m : spec.mtas) {
      relayhost.push_back(m.relayhost ? std::optional(topology.find(*m.relayhost)) : std::nullopt);
    }
    dns.emplace(spec.domains, topology);
  }
  world::Topology topology;
  std::optional<world::Dns> dns;
  std::vector<std::optional<std::uint32_t>> relayhost;
};

bool delivers(const MtaSpec& mta, const std::string& domain) {
  return std::find(mta.mydestination.begin(), mta.mydestination.end(), domain) != mta.mydestination.end();
}

// The first server `from` hands mail for `domain` to, or nullopt where the mail stops there
// (delivered, bounced, or sent out of the simulated world).
std::optional<std::uint32_t> next_hop(const ScenarioSpec& spec, RouteMap& map, std::uint32_t from,
                                      const std::string& domain, std::vector<std::uint32_t>& hops) {
  if (delivers(spec.mtas[from], domain)) return std::nullopt;
  if (mta::route_domain(domain, from, map.relayhost[from], *map.dns, hops) != mta::RouteStatus::Hosts) return std::nullopt;
  if (hops.front() >= spec.mtas.size()) return std::nullopt;
  return hops.front();
}

// The loop a walk from `start` runs into, as the servers in order (first repeated at the end),
// or empty when the walk ends. `walked` marks the servers earlier walks for this domain passed:
// from them on the answer is already known, so each domain costs one step per server.
std::vector<std::uint32_t> loop_from(const ScenarioSpec& spec, RouteMap& map, std::uint32_t start,
                                     const std::string& domain, std::vector<bool>& walked) {
  std::vector<std::uint32_t> path{start}, hops;
  while (!walked[path.back()]) {
    walked[path.back()] = true;
    const auto next = next_hop(spec, map, path.back(), domain, hops);
    if (!next) return {};
    const auto seen = std::find(path.begin(), path.end(), *next);
    if (seen != path.end()) {
      std::vector<std::uint32_t> loop(seen, path.end());
      // Start the loop at its first server in file order, so that each is reported once.
      std::rotate(loop.begin(), std::min_element(loop.begin(), loop.end()), loop.end());
      loop.push_back(loop.front());
      return loop;
    }
    path.push_back(*next);
  }
  return {};
}

// Where to point at the loop: the relayhost: of its first server that has one, since every
// loop needs one (MX routing only ever moves to more preferred hosts).
Pos loop_position(const LoadContext& c, const std::vector<std::uint32_t>& loop) {
  for (std::uint32_t m : loop) {
    for (const Entry& e : c.names.mtas) {
      if (e.name == c.spec.mtas[m].name && e.value.IsMap() && e.value["relayhost"]) return position(e.value["relayhost"]);
    }
  }
  return {};
}

std::string spelled_out(const ScenarioSpec& spec, const std::vector<std::uint32_t>& loop) {
  std::string text;
  for (std::uint32_t m : loop) text += (text.empty() ? "" : " -> ") + spec.mtas[m].name;
  return text;
}

}  // namespace

void check_route_loops(LoadContext& c) {
  const ScenarioSpec& spec = c.spec;
  if (std::none_of(spec.mtas.begin(), spec.mtas.end(), [](const MtaSpec& m) { return m.relayhost.has_value(); })) return;
  RouteMap map(spec);
  std::set<std::vector<std::uint32_t>> reported;
  // Every domain of the scenario, then one none of them serves (relayhost loops take all such mail).
  std::vector<std::string> domains;
  for (const DomainSpec& d : spec.domains) domains.push_back(d.name);
  domains.push_back("elsewhere.invalid");
  for (const std::string& domain : domains) {
    std::vector<bool> walked(spec.mtas.size(), false);
    for (std::uint32_t m = 0; m < spec.mtas.size(); ++m) {
      const std::vector<std::uint32_t> loop = loop_from(spec, map, m, domain, walked);
      if (loop.empty() || !reported.insert(loop).second) continue;
      const std::string mail = domain == domains.back() ? c.tr(text::N_("mail for other domains"))
                                                        : c.tr(text::N_("mail for {1}"), {domain});
      c.in.error(loop_position(c, loop),
                 text::N_("relayhost: {1} would go round {2} and never be delivered (Postfix would bounce it after "
                          "hopcount_limit hops, 50, with 554 5.4.0 Error: too many hops)"),
                 {mail, spelled_out(spec, loop)});
    }
  }
}

}  // namespace relaysim::scenario::detail
