// What relay hunters know of open relays and how they learn it: the probe each sends to the
// next address in its range, what a session shows it (a probe relayed: an open relay; spam
// refused outright: a relay that no longer works for it), and the relay lists hunters trade.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/simulator.h"
#include "smtp/client_session.h"
#include "world/agent.h"
#include "world/message.h"
#include "world/topology.h"
#include "world/world_observer.h"

namespace relaysim::world {

class RelayHunting {
 public:
  // Everything passed must outlive this; `mtas` is how many MTAs the world has.
  RelayHunting(std::vector<Agent>& agents, std::size_t mtas, sim::Simulator& simulator, const Topology& topology,
               WorldObserver& observer);

  // A hunter's probe is due (kHuntProbe): the address it probes is reported, and the answer
  // says whether the hunter still hunts and which MTA, if any, its test message should go to.
  struct Probe {
    bool active = false;
    std::optional<std::uint32_t> server;
  };
  Probe probe(std::uint32_t agent);
  // After the probe's message (if any) left: the next probe.
  void schedule_next_probe(std::uint32_t agent);

  // What `agent` learns from its session with MTA `server` carrying a message of `message_class`.
  void learn_from_session(std::uint32_t agent, MessageClass message_class, std::uint32_t server,
                          const smtp::ClientSession& client, bool connect_failed);
  // A relay list reached the other hunters (kRelayShared).
  void share(std::uint32_t share);

 private:
  void learn_relay(std::uint32_t agent, std::uint32_t mta, bool shared);

  std::vector<Agent>& agents_;
  sim::Simulator& simulator_;
  const Topology& topology_;
  WorldObserver& observer_;
  std::size_t mtas_;
  std::vector<std::uint32_t> relay_knowers_;  // per MTA: hunters that know it as an open relay
  std::uint32_t open_relays_known_ = 0;       // MTAs known as open relays to at least one hunter
  struct RelayShare {
    std::uint32_t from_agent, mta;
  };
  std::vector<RelayShare> shares_;  // pending shares, by event target
};

}  // namespace relaysim::world
