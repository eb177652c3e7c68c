// Mail entering the world from its agents: users, spammers and bots decide when a message
// leaves and to whom, and hand it to their relay (or straight to the recipients' MX); relay
// hunters also send their probes. Each message leaves in a session of the SessionRunner's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "world/relay_hunting.h"
#include "world/session_runner.h"
#include "world/world_state.h"

namespace relaysim::world {

class Submission {
 public:
  Submission(WorldState& world, SessionRunner& sessions, RelayHunting& hunting);

  // Schedules each agent's first message (and a hunter's first probe) for a run ending at `until`.
  void start(sim::SimTime until);
  // kAgentSends and kHuntProbe, for the agent `target`.
  void on_event(std::uint32_t target, std::uint32_t kind);

 private:
  void agent_sends(std::uint32_t agent);
  void send_from(std::uint32_t agent);
  const Agent* upcoming_sender(std::size_t rank) const;
  std::uint32_t new_message(const Agent& agent, MessageClass message_class);
  void submit_through_relay(std::uint32_t agent, std::uint32_t slot, std::uint32_t source_ip,
                            std::optional<std::uint32_t> first_hop);
  void submit_direct(std::uint32_t agent, std::uint32_t slot, std::uint32_t source_ip);
  void hunt_probe(std::uint32_t agent);
  void send_probe(std::uint32_t agent, std::uint32_t server);

  WorldState& world_;
  SessionRunner& sessions_;
  RelayHunting& hunting_;
  std::vector<std::string> recipients_scratch_;  // the next message's recipients
};

}  // namespace relaysim::world
