// One mail server's configuration, in Postfix's terms (main.cf parameter names in the
// comments), so that what a scenario says reads like what a postmaster would write.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mta/ipv4.h"
#include "sim/sim_time.h"

namespace relaysim::mta {

// One relay restriction, evaluated in order for each RCPT TO (smtpd_relay_restrictions).
enum class Restriction : std::uint8_t {
  PermitMynetworks,         // permit_mynetworks
  PermitSaslAuthenticated,  // permit_sasl_authenticated
  RejectUnauthDestination,  // reject_unauth_destination: 554 5.7.1 Relay access denied
  DeferUnauthDestination,   // defer_unauth_destination: 454 4.7.1 Relay access denied
  Permit,                   // permit
  Reject,                   // reject: 554 5.7.1 Access denied
};

// The relay policies a scenario names, each a configuration Postfix runs (docs/concepts.md):
// open        mynetworks = 0.0.0.0/0, smtpd_relay_restrictions = permit_mynetworks,
//             permit_sasl_authenticated, reject_unauth_destination (the classic mistake)
// mynetworks  smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
// authenticated  permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
// closed      reject_unauth_destination
// LegacyOpen is no Postfix configuration (Postfix refuses to start with relay restrictions of a
// bare permit): the pre-1999 MTA that relayed anything by design, for history lessons.
enum class PolicyPreset : std::uint8_t { Open, Mynetworks, Authenticated, Closed, LegacyOpen };

struct QueueConfig {
  sim::SimTime queue_run_delay = 300 * sim::kSecond;   // queue_run_delay
  sim::SimTime minimal_backoff = 300 * sim::kSecond;   // minimal_backoff_time
  sim::SimTime maximal_backoff = 4000 * sim::kSecond;  // maximal_backoff_time
  sim::SimTime maximal_lifetime = 5 * sim::kDay;       // maximal_queue_lifetime
};

// login -> password, looked up by the login as the client sent it (no copy to a string).
using SaslUsers = std::map<std::string, std::string, std::less<>>;

struct MtaConfig {
  std::string name;                       // myhostname
  std::uint32_t ip = 0;                   // inet_interfaces (one IPv4 address)
  PolicyPreset policy = PolicyPreset::Authenticated;
  std::vector<Restriction> relay_restrictions;  // smtpd_relay_restrictions
  std::vector<std::string> mydestination;       // delivered locally here
  std::vector<std::string> relay_domains;       // accepted to pass on (e.g. as backup MX)
  std::vector<Cidr> mynetworks;  // what the server means to trust; policy open trusts 0.0.0.0/0 instead
  std::vector<std::string> local_recipients;    // local parts; empty: every local part exists
  // relay_recipient_maps: "user@domain" or "@domain" (any user there); empty: every address in
  // relay_domains is taken, and what the next hop refuses later comes back as a bounce.
  std::vector<std::string> relay_recipients;
  // virtual_alias_maps for local users (a .forward): mail taken for local part -> sent on to the
  // address, its envelope sender unchanged (no SRS), so that SPF at the next hop sees this
  // server's address. Local parts lowercased, as Postfix folds its lookup keys.
  std::map<std::string, std::string, std::less<>> forwards;
  SaslUsers sasl_users;  // non-empty enables AUTH
  bool submission = false;                // also listens on port 587 (RFC 6409)
  std::optional<std::string> relayhost;   // an MTA name: all non-local mail goes there
  bool allow_untrusted_routing = false;
  std::uint32_t recipient_limit = 1000;         // smtpd_recipient_limit
  std::uint64_t message_size_limit = 10240000;  // message_size_limit
  std::uint32_t max_sessions = 100;             // smtpd process limit
  std::uint32_t hopcount_limit = 50;            // hopcount_limit: Received headers before 554 5.4.0
  QueueConfig queue;
};

}  // namespace relaysim::mta
