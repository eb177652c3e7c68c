// Relay hunting: spammers probing for open relays, and the relay lists they trade. (Blocklist
// listings and the operators who react to them are BlocklistListings.)
#include <algorithm>

#include "world/world.h"

namespace relaysim::world {

// ---- relay hunting ----

void World::hunt_probe(std::uint32_t a) {
  Agent& agent = agents_[a];
  const sim::SimTime now = simulator_.now();
  if (!agent.active(now)) return;
  const std::uint32_t ip = agent.next_probe_address();
  const std::uint32_t node = topology_.find_ip(ip);
  const bool mta_there = node < mtas_.size();
  observer_.probe_sent(now, agent.node(), ip, mta_there ? std::optional<std::uint32_t>(node) : std::nullopt);
  // A relay it already uses needs no second test.
  const auto& known = agent.relays();
  if (mta_there && std::find(known.begin(), known.end(), node) == known.end()) send_probe(a, node);
  simulator_.schedule_in(agent.next_probe_interval(), a, kHuntProbe);
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

// What a hunter learns from one of its sessions: a probe that was accepted shows an open
// relay; spam refused outright shows a relay that no longer works for it.
void World::learn_from_session(std::uint32_t a, const SmtpConnection& c) {
  if (!agents_[a].config().hunt || c.connect_failed) return;
  const auto& results = c.client.results();
  const bool accepted = std::any_of(results.begin(), results.end(), [](const smtp::RecipientResult& r) {
    return r.outcome == smtp::RecipientOutcome::Accepted;
  });
  const bool refused = !results.empty() && std::all_of(results.begin(), results.end(), [](const smtp::RecipientResult& r) {
    return r.outcome == smtp::RecipientOutcome::Refused;
  });
  const MessageClass message_class = messages_.at(c.message).message_class;
  if (message_class == MessageClass::Probe && accepted) learn_relay(a, c.info.server_mta, false);
  if (message_class == MessageClass::Spam && refused && agents_[a].forget_relay(c.info.server_mta)) {
    if (--relay_knowers_[c.info.server_mta] == 0) --open_relays_known_;
    observer_.relay_news(simulator_.now(), agents_[a].node(), c.info.server_mta, WorldObserver::RelayNews::Dropped,
                         open_relays_known_);
  }
}

void World::learn_relay(std::uint32_t a, std::uint32_t mta, bool shared) {
  Agent& agent = agents_[a];
  if (!agent.learn_relay(mta)) return;
  if (relay_knowers_[mta]++ == 0) ++open_relays_known_;
  observer_.relay_news(simulator_.now(), agent.node(), mta,
                       shared ? WorldObserver::RelayNews::Shared : WorldObserver::RelayNews::Found, open_relays_known_);
  if (shared) return;
  // Relay lists were traded among spammers: the others hear of this one after a while.
  shares_.push_back({a, mta});
  simulator_.schedule_in(agent.config().hunt->share_after, static_cast<std::uint32_t>(shares_.size() - 1),
                         kRelayShared);
}

void World::share_relay(std::uint32_t share) {
  const RelayShare s = shares_[share];
  for (std::uint32_t b = 0; b < agents_.size(); ++b) {
    if (b != s.from_agent && agents_[b].config().hunt) learn_relay(b, s.mta, true);
  }
}

}  // namespace relaysim::world
