#include "world/world_state.h"

#include <stdexcept>
#include <unordered_set>

namespace relaysim::world {
namespace {

NodeKind node_kind(AgentKind kind) {
  switch (kind) {
    case AgentKind::User: return NodeKind::UserHost;
    case AgentKind::Spammer: return NodeKind::SpammerHost;
    case AgentKind::Bot: return NodeKind::Botnet;
  }
  return NodeKind::UserHost;
}

// The addresses agents were given in the scenario: those handed out to the others skip them.
std::unordered_set<std::uint32_t> agent_addresses(const WorldConfig& config) {
  std::unordered_set<std::uint32_t> ips;
  for (const AgentConfig& a : config.agents) {
    if (a.ip != 0) ips.insert(a.ip);
  }
  return ips;
}

sim::StableVector<mta::Mta> make_mtas(const WorldConfig& config, mta::QueueEntryPool& queue_entries) {
  sim::StableVector<mta::Mta> mtas;
  for (std::uint32_t i = 0; i < config.mtas.size(); ++i) {
    mtas.emplace_back(config.mtas[i], i, queue_entries);
  }
  return mtas;
}

}  // namespace

// The network and the agents on it, built together: an agent's node and address are its place in it.
struct WorldState::Hosts {
  std::unique_ptr<mta::QueueEntryPool> queue_entries;  // the agents' outboxes keep their entries here
  Topology topology;
  std::vector<Agent> agents;
};

WorldState::WorldState(const WorldConfig& config, WorldObserver& observer, sim::EventHandler& handler)
    : WorldState(config, observer, handler, place_hosts(config)) {}

WorldState::WorldState(const WorldConfig& config, WorldObserver& observer, sim::EventHandler& handler, Hosts hosts)
    : config(config),
      observer(observer),
      simulator(handler),
      queue_entries(std::move(hosts.queue_entries)),
      topology(std::move(hosts.topology)),
      mtas(make_mtas(config, *queue_entries)),
      agents(std::move(hosts.agents)),
      dns(config.domains, topology),
      defences(config, dns) {}

void WorldState::warm_mta(std::uint32_t mta, int step) const {
  if (mta >= mtas.size()) return;
  if (step == 0) {
    mtas[mta].warm();
    topology.warm(mta);
    defences.warm(mta);
  } else {
    mtas[mta].warm_referenced();
    defences.warm_referenced(mta);
  }
}

void WorldState::warm_routes(const std::vector<std::string_view>& recipients, int step) const {
  for (std::string_view r : recipients) {
    const std::size_t at = r.rfind('@');
    if (at == std::string_view::npos) continue;
    dns.warm_mx(r.substr(at + 1), step);
    mailboxes.warm(r, step);
  }
}

std::uint32_t WorldState::submit_message(std::uint32_t slot) {
  Message& m = messages.at(slot);
  m.submitted = simulator.now();
  m.unsettled = static_cast<std::uint32_t>(m.recipients.size());
  m.transcribed = observer.wants_transcript(m);
  observer.message_submitted(simulator.now(), m);
  return slot;
}

void WorldState::settle(std::uint32_t slot, std::uint32_t recipient, Fate fate, std::uint32_t node,
                        const smtp::Reply& reason, Folder folder) {
  observer.recipient_settled(simulator.now(), messages.at(slot), recipient, fate, node, reason, folder);
  messages.settle_one(slot);
}

WorldState::Hosts WorldState::place_hosts(const WorldConfig& config) {
  Hosts hosts{std::make_unique<mta::QueueEntryPool>(), Topology(config.default_latency), {}};
  Topology& topology = hosts.topology;
  topology.reserve(config.mtas.size() + config.agents.size());
  for (const MtaNodeConfig& m : config.mtas) topology.add_node({m.name, NodeKind::Mta, m.ip, m.down});
  std::uint32_t next_client_ip = (100u << 24) | (64u << 16) | 1u;  // 100.64.0.1, outside every mynetworks
  const std::unordered_set<std::uint32_t> taken = agent_addresses(config);
  hosts.agents.reserve(config.agents.size());
  for (const AgentConfig& a : config.agents) {
    std::uint32_t ip = a.ip;
    if (ip == 0 && a.kind != AgentKind::Bot) {
      while (topology.find_ip(next_client_ip) != UINT32_MAX || taken.count(next_client_ip)) ++next_client_ip;
      ip = next_client_ip++;
    }
    const std::uint32_t node = topology.add_node({a.name, node_kind(a.kind), ip, {}});
    std::vector<std::uint32_t> relays;
    for (const std::string& via : a.via) relays.push_back(topology.find(via));
    hosts.agents.emplace_back(a, node, ip, config.seed, *hosts.queue_entries, std::move(relays));
  }
  for (const LinkConfig& l : config.links) {
    const std::uint32_t a = topology.find(l.a);
    const std::uint32_t b = topology.find(l.b);
    // The loader guarantees this; a program that builds a WorldConfig by hand may not.
    if (a == UINT32_MAX || b == UINT32_MAX) {
      throw std::invalid_argument("link between unknown hosts " + l.a + " and " + l.b);
    }
    topology.add_link(a, b, l.latency);
  }
  return hosts;
}

}  // namespace relaysim::world
