#include "world/submission.h"

#include <algorithm>

#include "mta/ipv4.h"
#include "smtp/address.h"
#include "world/event_kind.h"
#include "world/queue_manager.h"

namespace relaysim::world {
namespace {

// The domain part of a raw forward path, for agents that route by themselves.
std::string domain_of(std::string_view path) {
  const auto resolved = smtp::resolve_address(path);
  return resolved ? resolved->domain : std::string();
}

// user@domain becomes user%domain@[ip]: the server at `ip` is asked to pass it on (the % hack).
void route_through(std::vector<std::string>& recipients, std::uint32_t ip) {
  const std::string literal = "@[" + mta::format_ipv4(ip) + "]";
  for (std::string& r : recipients) {
    const std::size_t at = r.rfind('@');
    if (at == std::string::npos) continue;
    r[at] = '%';
    r += literal;
  }
}

}  // namespace

Submission::Submission(WorldState& world, SessionRunner& sessions, RelayHunting& hunting)
    : world_(world), sessions_(sessions), hunting_(hunting) {}

void Submission::start(sim::SimTime until) {
  for (std::uint32_t a = 0; a < world_.agents.size(); ++a) {
    Agent& agent = world_.agents[a];
    agent.set_scenario_end(until);
    if (!agent.active(agent.config().start)) continue;
    world_.simulator.schedule_at(agent.config().start + agent.next_interval(), a, kAgentSends);
    if (agent.config().hunt) {
      world_.simulator.schedule_at(agent.config().start + agent.next_probe_interval(), a, kHuntProbe);
    }
  }
}

void Submission::on_event(std::uint32_t target, std::uint32_t kind) {
  if (kind == kAgentSends) agent_sends(target);
  if (kind == kHuntProbe) hunt_probe(target);
}

// The agents' state is rarely in cache: the two whose turns come next are warmed a step per
// message (sim/prefetch.h), so each step reads only lines the step before asked for.
void Submission::agent_sends(std::uint32_t a) {
  const Agent* next = upcoming_sender(0);
  if (next) {
    if (const Agent* after = upcoming_sender(1)) after->warm_fields();
    next->warm_configuration();
  }
  send_from(a);
  if (next) next->warm_addresses();
}

// The agent of the heap's earliest (rank 0) or second event, if it is an agent's message.
const Agent* Submission::upcoming_sender(std::size_t rank) const {
  const sim::Event* e = world_.simulator.upcoming_in_heap(rank);
  return e && e->kind == kAgentSends ? &world_.agents[e->target] : nullptr;
}

void Submission::send_from(std::uint32_t a) {
  Agent& agent = world_.agents[a];
  const sim::SimTime now = world_.simulator.now();
  if (!agent.active(now)) return;
  // A hunter that knows no open relay yet has nowhere to send its spam.
  const bool has_route = agent.sends_direct() || !agent.relays().empty();
  if (has_route) agent.pick_recipients(recipients_scratch_);
  if (has_route && !recipients_scratch_.empty()) {
    std::optional<std::uint32_t> first_hop;
    if (agent.config().hunt && agent.config().hunt->chain && agent.relays().size() >= 2) {
      first_hop = agent.next_relay();
      route_through(recipients_scratch_, world_.topology.node(agent.relay_after(*first_hop)).ip);
    }
    const std::uint32_t slot = new_message(agent, agent.config().message_class);
    agent.count_sent();
    if (agent.sends_direct()) {
      submit_direct(a, slot, agent.client_ip(now));
    } else {
      submit_through_relay(a, slot, agent.client_ip(now), first_hop);
    }
  }
  if (agent.active(now)) world_.simulator.schedule_in(agent.next_interval(), a, kAgentSends);
}

// A message from `agent` to the recipients in recipients_scratch_, reported as submitted.
std::uint32_t Submission::new_message(const Agent& agent, MessageClass message_class) {
  const std::uint32_t slot = world_.messages.create();
  Message& m = world_.messages.at(slot);
  m.message_class = message_class;
  m.sender = agent.config().address;
  m.recipients = recipients_scratch_;
  m.size = message_class == MessageClass::Probe ? 1000 : agent.config().message_size;
  m.origin_node = agent.node();
  m.content = &agent.config().message;
  return world_.submit_message(slot);
}

void Submission::submit_through_relay(std::uint32_t a, std::uint32_t slot, std::uint32_t source_ip,
                                      std::optional<std::uint32_t> first_hop) {
  Agent& agent = world_.agents[a];
  const Message& m = world_.messages.at(slot);
  const std::uint32_t id = agent.outbox().acquire(slot, world_.simulator.now());
  mta::QueueEntry& e = agent.outbox().at(id);
  e.source_ip = source_ip;
  for (std::uint32_t i = 0; i < m.recipients.size(); ++i) agent.outbox().add_recipient(id, i, m.recipients[i]);
  e.hops.push_back(first_hop ? *first_hop : agent.next_relay());
  e.in_flight = true;
  e.attempts = 1;
  sessions_.connect({true, a, id});
}

// Straight to the MX: one session per recipient domain, as a mail server would.
void Submission::submit_direct(std::uint32_t a, std::uint32_t slot, std::uint32_t source_ip) {
  Agent& agent = world_.agents[a];
  const Message& m = world_.messages.at(slot);
  const sim::SimTime now = world_.simulator.now();
  std::vector<std::uint32_t> entries;
  for (std::uint32_t i = 0; i < m.recipients.size(); ++i) {
    const std::string domain = domain_of(m.recipients[i]);
    auto same = std::find_if(entries.begin(), entries.end(),
                             [&](std::uint32_t id) { return agent.outbox().at(id).destination == domain; });
    if (same == entries.end()) {
      entries.push_back(agent.outbox().acquire(slot, now));
      agent.outbox().at(entries.back()).destination = domain;
      agent.outbox().at(entries.back()).source_ip = source_ip;
      same = entries.end() - 1;
    }
    agent.outbox().add_recipient(*same, i, m.recipients[i]);
  }
  for (std::uint32_t id : entries) {
    mta::QueueEntry& e = agent.outbox().at(id);
    const mta::RouteStatus status = mta::route_domain(e.destination, mta::kNoSuchHost, std::nullopt, world_.dns, e.hops);
    if (status != mta::RouteStatus::Hosts) {
      // An agent has no queue to retry from: what does not route is rejected at once.
      const smtp::Reply reason = unroutable_reply(status);
      for (const auto& r : e.recipients) world_.settle(slot, r.index, Fate::Rejected, agent.node(), reason);
      agent.outbox().remove(id);
      continue;
    }
    e.in_flight = true;
    e.attempts = 1;
    sessions_.connect({true, a, id});
  }
}

// ---- relay hunting's probes; what hunters learn is RelayHunting's ----

void Submission::hunt_probe(std::uint32_t a) {
  const RelayHunting::Probe probe = hunting_.probe(a);
  if (!probe.active) return;
  // Taken out by value: g++ 12 sees a dangling pointer in `*probe.server` here (a false positive).
  const std::uint32_t server = probe.server.value_or(UINT32_MAX);
  if (server != UINT32_MAX) send_probe(a, server);
  hunting_.schedule_next_probe(a);
}

// The hunter's test: a message to itself through the server it probes. If the server takes
// it, the server relays for strangers.
void Submission::send_probe(std::uint32_t a, std::uint32_t server) {
  Agent& agent = world_.agents[a];
  recipients_scratch_.assign(1, agent.config().address);
  const std::uint32_t slot = new_message(agent, MessageClass::Probe);
  const sim::SimTime now = world_.simulator.now();
  const std::uint32_t id = agent.outbox().acquire(slot, now);
  mta::QueueEntry& e = agent.outbox().at(id);
  e.source_ip = agent.client_ip(now);
  agent.outbox().add_recipient(id, 0, agent.config().address);
  e.hops.assign(1, server);
  e.in_flight = true;
  e.attempts = 1;
  sessions_.connect({true, a, id});
}

}  // namespace relaysim::world
