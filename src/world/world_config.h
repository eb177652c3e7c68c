// The plain data a world is built from: DNS records, links, outages and agents. The
// scenario loader fills these in (with every default resolved); the world only reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mta/mta_config.h"
#include "sim/sim_time.h"
#include "world/message.h"

namespace relaysim::world {

using sim::SimTime;

struct MxRecord {
  std::string host;        // an MTA name
  std::uint16_t preference = 10;
};

struct DomainRecords {
  std::string name;            // lower-case
  std::vector<MxRecord> mx;    // sorted by preference, stable
  bool null_mx = false;        // RFC 7505 "MX 0 ."
  std::optional<std::uint32_t> address;  // A record; the implicit MX when mx is empty
};

struct Interval {
  SimTime from = 0;
  SimTime to = 0;  // exclusive
};

struct LinkConfig {
  std::string a, b;  // node names (MTAs or agents)
  SimTime latency = 0;
};

enum class AgentKind : std::uint8_t { User, Spammer, Bot };

// Generated recipients: user1@d .. userN@d for each listed domain.
struct RandomRecipients {
  std::vector<std::string> domains;
  std::uint32_t count = 0;  // distinct addresses per domain
};

struct AgentConfig {
  std::string name;
  AgentKind kind = AgentKind::User;
  MessageClass message_class = MessageClass::Ham;  // default ham for users, spam otherwise
  std::string address;          // sender address (MAIL FROM), e.g. alice@campus.example
  std::uint32_t ip = 0;         // client host address; 0: the world assigns one from 100.64.0.0/10
                                // (outside every mynetworks, so a user must authenticate)
  std::vector<std::string> via; // user: [its submission server]; spammer: relays to use, in turn;
                                // empty for a spammer: straight to the recipients' MX
  std::optional<std::string> login;     // SASL user name
  std::optional<std::string> password;  // SASL password
  double rate_per_hour = 0;     // Poisson arrivals
  std::optional<std::uint64_t> messages;  // stop after this many
  SimTime start = 0;
  std::optional<SimTime> stop;  // default: the scenario's duration
  std::vector<std::string> to;  // raw forward paths exactly as written in RCPT TO (no <>)
  RandomRecipients random_to;
  std::uint32_t recipients_per_message = 1;
  std::uint64_t message_size = 20000;
  std::uint32_t bots = 1;       // bot: how many bots
  mta::Cidr bot_network;        // bot: addresses drawn from it
};

}  // namespace relaysim::world

namespace relaysim::world {

// An MTA's configuration plus what the world does to it.
struct MtaNodeConfig : mta::MtaConfig {
  std::vector<Interval> down;  // unreachable in these intervals
};

struct WorldConfig {
  std::uint64_t seed = 1;
  SimTime duration = 0;
  SimTime default_latency = 40 * sim::kMillisecond;
  std::vector<DomainRecords> domains;  // in file order
  std::vector<MtaNodeConfig> mtas;     // in file order
  std::vector<LinkConfig> links;
  std::vector<AgentConfig> agents;     // in file order
};

}  // namespace relaysim::world
