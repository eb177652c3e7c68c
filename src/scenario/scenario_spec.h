// A scenario as plain data, after loading and validation: every reference resolves, every
// value is in range, every default is filled in. The world is built from this, never from YAML.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/sim_time.h"

namespace relaysim::scenario {

using sim::SimTime;

// One relay restriction, evaluated in order for each RCPT TO (Postfix smtpd_relay_restrictions).
enum class Restriction : std::uint8_t {
  PermitMynetworks,         // permit_mynetworks
  PermitSaslAuthenticated,  // permit_sasl_authenticated
  RejectUnauthDestination,  // reject_unauth_destination: 554 5.7.1 Relay access denied
  DeferUnauthDestination,   // defer_unauth_destination: 454 4.7.1 Relay access denied
  Permit,                   // permit
  Reject,                   // reject: 554 5.7.1 Access denied
};

enum class PolicyPreset : std::uint8_t { Open, Mynetworks, Authenticated, Closed };

struct Cidr {
  std::uint32_t network = 0;  // IPv4, host byte order, already masked
  std::uint8_t prefix = 32;
};

struct MxRecord {
  std::string host;        // an MTA name
  std::uint16_t preference = 10;
};

struct DomainSpec {
  std::string name;            // lower-case
  std::vector<MxRecord> mx;    // YAML: mx: [host, {host: h, pref: 20}]; sorted by preference, stable
  bool null_mx = false;        // YAML: mx: ["."] (RFC 7505 "MX 0 .")
  std::optional<std::uint32_t> address;  // YAML: address: 192.0.2.1 (A record; implicit MX when mx is empty)
};

struct Interval {
  SimTime from = 0;
  SimTime to = 0;  // exclusive
};

struct QueueSpec {                       // YAML: queue: {...}
  SimTime queue_run_delay = 300 * sim::kSecond;    // queue_run_delay
  SimTime minimal_backoff = 300 * sim::kSecond;    // minimal_backoff_time
  SimTime maximal_backoff = 4000 * sim::kSecond;   // maximal_backoff_time
  SimTime maximal_lifetime = 5 * sim::kDay;        // maximal_queue_lifetime
};

struct MtaSpec {
  std::string name;                       // its host name, the key under mtas:
  std::uint32_t ip = 0;                   // required
  PolicyPreset policy = PolicyPreset::Authenticated;  // policy:
  std::vector<Restriction> relay_restrictions;  // relay_restrictions: overrides the preset's list
  // mydestination: domains delivered locally here. Default: the domains whose most preferred
  // MX is this host. relay_domains: domains it accepts to pass on. Default: the domains that
  // list it as a less preferred (backup) MX.
  std::vector<std::string> mydestination;
  std::vector<std::string> relay_domains;
  std::vector<Cidr> mynetworks;           // default: [ip/32] (the host itself)
  std::vector<std::string> local_recipients;  // local parts; empty: every local part exists
  std::map<std::string, std::string> sasl_users;  // login name -> password; non-empty enables AUTH
  bool submission = false;                // also listens on 587 (MAIL before AUTH: 530 5.7.0)
  std::optional<std::string> relayhost;   // an MTA name: send all non-local mail there
  bool allow_untrusted_routing = false;
  std::uint32_t recipient_limit = 1000;
  std::uint64_t message_size_limit = 10240000;
  std::uint32_t max_sessions = 100;       // concurrent inbound sessions (smtpd process limit)
  QueueSpec queue;
  std::vector<Interval> down;             // down: [[1h, 2h], ...]: unreachable in these intervals
};

struct LinkSpec {                   // links: { default_latency: 40ms, between: [...] }
  std::string a, b;                 // node names (MTAs or agents)
  SimTime latency = 0;
};

enum class AgentKind : std::uint8_t { User, Spammer, Bot };
enum class MessageClass : std::uint8_t { Ham, Spam };

// Generated recipients: user1@d .. userN@d, spread over the listed domains.
struct RandomRecipients {
  std::vector<std::string> domains;
  std::uint32_t count = 0;  // distinct addresses per domain
};

struct AgentSpec {
  std::string name;
  AgentKind kind = AgentKind::User;
  MessageClass message_class = MessageClass::Ham;  // class: default ham for users, spam otherwise
  std::string address;          // sender address (MAIL FROM), e.g. alice@campus.example
  std::uint32_t ip = 0;         // client host address; 0: the world assigns one from 100.64.0.0/10
                                // (outside every mynetworks, so a user must authenticate)
  std::vector<std::string> via; // user: [its submission server]; spammer: relays to use, in turn
  std::optional<std::string> login;     // SASL user name
  std::optional<std::string> password;  // SASL password
  double rate_per_hour = 0;     // rate: 20/h (Poisson arrivals)
  std::optional<std::uint64_t> messages;  // messages: stop after this many
  SimTime start = 0;
  std::optional<SimTime> stop;  // default: the scenario's duration
  std::vector<std::string> to;  // raw forward paths exactly as written in RCPT TO (no <>)
  RandomRecipients random_to;   // random_recipients: {domains: [...], count: N}
  std::uint32_t recipients_per_message = 1;
  std::uint64_t message_size = 20000;  // size: 20KB
  std::uint32_t bots = 1;       // bot: how many bots
  Cidr bot_network;             // bot: network: 203.0.113.0/24, addresses drawn from it
};

struct ScenarioSpec {
  std::string name;
  std::string file;         // path it was loaded from
  std::uint64_t seed = 1;
  SimTime duration = 0;     // required
  SimTime default_latency = 40 * sim::kMillisecond;
  std::vector<DomainSpec> domains;  // in file order
  std::vector<MtaSpec> mtas;        // in file order
  std::vector<LinkSpec> links;
  std::vector<AgentSpec> agents;    // in file order
};

}  // namespace relaysim::scenario
