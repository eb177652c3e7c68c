// The plain data a world is built from: DNS records, links, outages and agents. The
// scenario loader fills these in (with every default resolved); the world only reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "defence/blocklist_zone.h"
#include "defence/content_filter.h"
#include "defence/dmarc.h"
#include "defence/greylist.h"
#include "defence/piecewise_cdf.h"
#include "defence/recipient_engagement.h"
#include "defence/sender_reputation.h"
#include "mta/mta_config.h"
#include "sim/sim_time.h"
#include "world/message.h"

namespace relaysim::world {

using sim::SimTime;

struct MxRecord {
  std::string host;        // an MTA name
  std::uint16_t preference = 10;
};

// A DKIM public key in DNS: valid, or published broken (truncated, revoked).
struct DkimSelector {
  std::string selector;
  defence::DkimKey key = defence::DkimKey::Valid;
};

struct DomainRecords {
  std::string name;            // lower-case
  std::vector<MxRecord> mx;    // sorted by preference, stable
  bool null_mx = false;        // RFC 7505 "MX 0 ."
  std::optional<std::uint32_t> address;  // A record; the implicit MX when mx is empty
  std::vector<std::string> txt;  // TXT records: "v=spf1 ..." (lower case), as the domain publishes them
  defence::DmarcRecord dmarc;    // _dmarc TXT "v=DMARC1; p=..."
  std::vector<DkimSelector> dkim;  // DKIM keys published at SELECTOR._domainkey.NAME
};

// A DNS blocklist zone (RFC 5782) and what gets an address listed in it.
struct BlocklistConfig : defence::BlocklistZone::Config {
  std::vector<std::string> traps;  // spam-trap addresses (canonical form): mail to them is evidence
  bool complaints = true;          // recipients' "this is spam" reports are evidence too
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

// A spammer's search for open relays: it probes the addresses of `network` in turn, keeps
// the relays that accept its test message, and tells the other hunters after `share_after`.
struct RelayHunt {
  mta::Cidr network;
  double probes_per_hour = 60;
  SimTime share_after = 6 * sim::kHour;
  // Chain two relays: with the % hack through a domain literal (user%domain@[relay2]) the first
  // relay passes the spam to the second, which delivers it; the victims see only the second.
  bool chain = false;
};

// Generated recipients: user1@d .. userN@d for each listed domain.
struct RandomRecipients {
  std::vector<std::string> domains;
  std::uint32_t count = 0;  // distinct addresses per domain
};

// A DKIM signature the sender's software adds: d= and s=.
struct DkimSignature {
  std::string domain;
  std::string selector;
};

// What an agent's messages say (message:). The world reads only the header From's domain and
// the signature (DMARC and DKIM); the words are for the mailbox files.
struct MessageTemplate {
  std::string from;         // the header From: "Name <local@domain>" or an address
  std::string from_domain;  // its domain, lower case
  std::string subject;
  std::string body;
  std::optional<DkimSignature> dkim;
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
  // bot: how long one bot lives before another (at a new address) takes its place.
  defence::PiecewiseCdf bot_lifetime = defence::PiecewiseCdf::bot_lifetime_default();
  std::optional<RelayHunt> hunt;  // spammer: sends through the open relays it finds
  MessageTemplate message;
};

}  // namespace relaysim::world

namespace relaysim::world {

// smtpd_recipient_restrictions entries, after the relay restrictions: the defences that
// consult something outside the server (a DNS blocklist, a policy service).
enum class RecipientCheck : std::uint8_t {
  PermitMynetworks,         // permit_mynetworks: trusted clients skip the checks below
  PermitSaslAuthenticated,  // permit_sasl_authenticated
  RejectRblClient,          // reject_rbl_client <zone>
  Postgrey,                 // check_policy_service postgrey (greylisting)
  PolicydSpf,               // check_policy_service policyd-spf (SPF fail is refused)
};
struct RecipientRestriction {
  RecipientCheck check = RecipientCheck::PermitMynetworks;
  std::uint32_t blocklist = 0;  // RejectRblClient: index into WorldConfig::blocklists
};

enum class FilterAction : std::uint8_t { Junk, Reject };
struct ContentFilterConfig : defence::ContentFilter::Config {
  FilterAction action = FilterAction::Junk;  // flagged mail: to the junk folder, or 554 5.7.0 at end of DATA
};

// An operator who reacts when the server's address gets listed: after `after`, the open
// relay is closed (its relay restrictions become the preset's).
struct RelayClosing {
  std::uint32_t blocklist = 0;  // index into WorldConfig::blocklists
  SimTime after = 2 * sim::kDay;
  mta::PolicyPreset policy = mta::PolicyPreset::Authenticated;
};

// An MTA's configuration plus what the world does to it and the defences around it.
struct MtaNodeConfig : mta::MtaConfig {
  std::vector<Interval> down;  // unreachable in these intervals
  std::vector<RecipientRestriction> recipient_restrictions;
  defence::Greylist::Config greylisting;       // used when recipient_restrictions has Postgrey
  std::uint32_t client_message_rate_limit = 0;  // MAIL FROM per client per minute; 0: none (Postfix's default)
  std::optional<ContentFilterConfig> content_filter;
  bool dmarc = false;                           // an OpenDMARC milter applies senders' DMARC policies
  bool alters_messages = false;                 // tags subjects or adds footers (a mailing list): breaks DKIM
  std::optional<defence::SenderReputation::Config> reputation;  // files mail from poor senders as junk
  std::optional<RelayClosing> closes_relay;
};

struct WorldConfig {
  std::uint64_t seed = 1;
  SimTime duration = 0;
  SimTime default_latency = 40 * sim::kMillisecond;
  std::vector<DomainRecords> domains;  // in file order
  std::vector<MtaNodeConfig> mtas;     // in file order
  std::vector<LinkConfig> links;
  std::vector<AgentConfig> agents;     // in file order
  std::vector<BlocklistConfig> blocklists;
  defence::RecipientEngagement::Config engagement;
};

}  // namespace relaysim::world
