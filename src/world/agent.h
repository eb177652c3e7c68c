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
  // `relays`: the MTA indices of its `via`, in order.
  Agent(const AgentConfig& config, std::uint32_t node, std::uint32_t ip, std::uint64_t seed, mta::QueueEntryPool& queue_entries,
        std::vector<std::uint32_t> relays);

  const AgentConfig& config() const { return config_; }
  // Straight to the recipients' MX (bots, and spammers without relays), not through a relay.
  bool sends_direct() const { return config_.via.empty() && !config_.hunt; }
  std::uint32_t node() const { return node_; }
  // The client address the next message is sent from. A botnet sends each message from one
  // of its live bots; a bot whose lifetime is over is replaced by a new one at a new address.
  // Drawn from a stream of its own, so that where mail comes from does not change when or to
  // whom it is sent.
  std::uint32_t client_ip(sim::SimTime now);
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
  // The relays it sends through (its via, or the open relays a hunter knows), and the one
  // (an MTA index) for the next message, taken in turn.
  const std::vector<std::uint32_t>& relays() const { return relays_; }
  std::uint32_t next_relay();
  // The known relay after `mta` in its list (the second link of a chain).
  std::uint32_t relay_after(std::uint32_t mta) const;
  // A hunter learns of an open relay (false if it knew it) or gives up on one that refused.
  bool learn_relay(std::uint32_t mta);
  bool forget_relay(std::uint32_t mta);
  // A hunter: the delay until its next probe, and the address it probes next (in turn).
  sim::SimTime next_probe_interval();
  std::uint32_t next_probe_address();
  // Bots that have been alive so far (each at its own address).
  std::uint64_t bots_spawned() const { return bots_spawned_; }
  void count_sent() { ++sent_; }

  mta::MailQueue& outbox() { return outbox_; }

  // Cache warming before the agent's turn (sim/prefetch.h): most of what a message reads is
  // reached through pointers, so it comes in three steps, each reading only what the one
  // before asked for: its own fields, then its configuration, relays and outbox, then the
  // addresses its configuration holds.
  void warm_fields() const;
  void warm_configuration() const;
  void warm_addresses() const;

 private:
  void write_random_address(std::uint64_t domain_index, std::string& address);

  const AgentConfig& config_;
  // Copied from the config: read for every message, and the config is rarely in cache.
  sim::SimTime stop_;
  std::uint64_t message_limit_;
  std::uint32_t node_;
  std::uint32_t ip_;
  sim::RandomStream random_;          // when, and to whom
  // Bots and hunters only: which bot, how long it lives; when to probe. Held apart: a stream
  // is 2.5 KB and most agents need none.
  std::unique_ptr<sim::RandomStream> side_random_;
  struct Bot {
    std::uint32_t ip = 0;
    sim::SimTime dies_at = -1;
  };
  std::vector<Bot> bots_;
  std::uint64_t bots_spawned_ = 0;
  std::vector<std::uint32_t> relays_;
  std::uint32_t probe_offset_ = 0;
  std::uint64_t sent_ = 0;
  std::uint32_t relay_turn_ = 0;
  mta::MailQueue outbox_;  // messages being submitted; agents never retry, so it stays small
};

}  // namespace relaysim::world
