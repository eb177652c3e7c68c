// Relay hunting's messages: the probe a hunter sends through the server it tests. What hunters
// know and learn is RelayHunting's.
#include "world/world.h"

namespace relaysim::world {

void World::hunt_probe(std::uint32_t a) {
  const RelayHunting::Probe probe = hunting_->probe(a);
  if (!probe.active) return;
  if (probe.server) send_probe(a, *probe.server);
  hunting_->schedule_next_probe(a);
}

// The hunter's test: a message to itself through the server it probes. If the server takes
// it, the server relays for strangers.
void World::send_probe(std::uint32_t a, std::uint32_t server) {
  Agent& agent = agents_[a];
  recipients_scratch_.assign(1, agent.config().address);
  const std::uint32_t slot = new_message(agent, MessageClass::Probe);
  const std::uint32_t id = agent.outbox().acquire(slot, simulator_.now());
  mta::QueueEntry& e = agent.outbox().at(id);
  e.source_ip = agent.client_ip(simulator_.now());
  e.recipients.push_back({0, agent.config().address, false});
  e.hops.assign(1, server);
  e.in_flight = true;
  e.attempts = 1;
  connect({true, a, id});
}

}  // namespace relaysim::world
