// A mail-sending agent: a user's mail program, a spammer's software, or a botnet. It
// decides when the next message leaves and to whom; the world carries it over SMTP.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mta/mail_queue.h"
#include "sim/random_stream.h"
#include "world/world_config.h"

namespace relaysim::world {

class Agent {
 public:
  Agent(const AgentConfig& config, std::uint32_t node, std::uint32_t ip, std::uint64_t seed);

  const AgentConfig& config() const { return config_; }
  std::uint32_t node() const { return node_; }
  // The client address the next message is sent from (a bot's differs from message to
  // message). Drawn from a stream of its own, so that where mail comes from does not change
  // when or to whom it is sent.
  std::uint32_t client_ip();
  // Delay until the next message (Poisson arrivals at the configured rate).
  sim::SimTime next_interval();
  // True while the agent has messages left to send at time `now` (its stop time or the scenario's end).
  bool active(sim::SimTime now) const { return sent_ < message_limit_ && now < stop_; }
  // Called once the scenario's end is known: an agent without a stop time stops there.
  void set_scenario_end(sim::SimTime end) { stop_ = config_.stop.value_or(end); }
  // The recipients of the next message, as raw forward paths, each at most once (Postfix's
  // cleanup drops duplicates). Agents that connect straight to the recipients' MX pick
  // recipients of one domain per message.
  void pick_recipients(std::vector<std::string>& out);
  // The relay (index into config().via) for the next message, taken in turn.
  std::uint32_t next_relay();
  void count_sent() { ++sent_; }

  mta::MailQueue& outbox() { return outbox_; }

 private:
  std::string random_address(std::uint64_t domain_index);

  const AgentConfig& config_;
  // Copied from the config: read for every message, and the config is rarely in cache.
  sim::SimTime stop_;
  std::uint64_t message_limit_;
  std::uint32_t node_;
  std::uint32_t ip_;
  sim::RandomStream random_;          // when, and to whom
  // Bots only: from which bot. Held apart: a stream is 2.5 KB and most agents are not bots.
  std::unique_ptr<sim::RandomStream> bot_random_;
  std::uint64_t sent_ = 0;
  std::uint32_t relay_turn_ = 0;
  mta::MailQueue outbox_;  // messages being submitted; agents never retry, so it stays small
};

}  // namespace relaysim::world
