#include "world/relay_hunting.h"

#include <algorithm>

#include "world/event_kind.h"

namespace relaysim::world {

RelayHunting::RelayHunting(std::vector<Agent>& agents, std::size_t mtas, sim::Simulator& simulator,
                           const Topology& topology, WorldObserver& observer)
    : agents_(agents), simulator_(simulator), topology_(topology), observer_(observer), mtas_(mtas),
      relay_knowers_(mtas, 0) {}

RelayHunting::Probe RelayHunting::probe(std::uint32_t a) {
  Agent& agent = agents_[a];
  const sim::SimTime now = simulator_.now();
  if (!agent.active(now)) return {};
  const std::uint32_t ip = agent.next_probe_address();
  const std::uint32_t node = topology_.find_ip(ip);
  const bool mta_there = node < mtas_;
  observer_.probe_sent(now, agent.node(), ip, mta_there ? std::optional<std::uint32_t>(node) : std::nullopt);
  // A relay it already uses needs no second test.
  const auto& known = agent.relays();
  if (mta_there && std::find(known.begin(), known.end(), node) == known.end()) return {true, node};
  return {true, std::nullopt};
}

void RelayHunting::schedule_next_probe(std::uint32_t a) {
  simulator_.schedule_in(agents_[a].next_probe_interval(), a, kHuntProbe);
}

void RelayHunting::learn_from_session(std::uint32_t a, MessageClass message_class, std::uint32_t server,
                                      const smtp::ClientSession& client, bool connect_failed) {
  if (!agents_[a].config().hunt || connect_failed) return;
  const auto& results = client.results();
  const bool accepted = std::any_of(results.begin(), results.end(), [](const smtp::RecipientResult& r) {
    return r.outcome == smtp::RecipientOutcome::Accepted;
  });
  const bool refused = !results.empty() && std::all_of(results.begin(), results.end(), [](const smtp::RecipientResult& r) {
    return r.outcome == smtp::RecipientOutcome::Refused;
  });
  if (message_class == MessageClass::Probe && accepted) learn_relay(a, server, false);
  if (message_class == MessageClass::Spam && refused && agents_[a].forget_relay(server)) {
    if (--relay_knowers_[server] == 0) --open_relays_known_;
    observer_.relay_news(simulator_.now(), agents_[a].node(), server, WorldObserver::RelayNews::Dropped,
                         open_relays_known_);
  }
}

void RelayHunting::learn_relay(std::uint32_t a, std::uint32_t mta, bool shared) {
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

void RelayHunting::share(std::uint32_t share) {
  const RelayShare s = shares_[share];
  for (std::uint32_t b = 0; b < agents_.size(); ++b) {
    if (b != s.from_agent && agents_[b].config().hunt) learn_relay(b, s.mta, true);
  }
}

}  // namespace relaysim::world
