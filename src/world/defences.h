// The defences around the simulated servers: the blocklist zones they share, and each
// server's greylisting, rate limit, content filter, DMARC check and sender reputation.
// Servers consult them through the world; evidence against senders flows back into them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "defence/blocklist_zone.h"
#include "defence/content_filter.h"
#include "defence/greylist.h"
#include "defence/message_rate_limit.h"
#include "defence/recipient_engagement.h"
#include "defence/sender_reputation.h"
#include "mta/mta.h"
#include "sim/prefetch.h"
#include "sim/random_stream.h"
#include "smtp/server_policy.h"
#include "world/authentication.h"
#include "world/dns.h"
#include "world/message.h"
#include "world/name_map.h"
#include "world/world_config.h"

namespace relaysim::world {

// What a server's end-of-DATA checks decided for a message.
struct ContentVerdict {
  std::optional<smtp::Reply> refusal;  // the message is refused (DMARC reject, content filter)
  Folder folder = Folder::Inbox;       // else where its local copies are filed
  Authentication authentication;
};

// A listing a blocklist has scheduled: the world learns of it at `at`.
struct PendingListing {
  std::uint32_t blocklist = 0;
  std::uint32_t ip = 0;
  sim::SimTime at = 0;
};

class Defences {
 public:
  // `config` and `dns` must outlive this.
  Defences(const WorldConfig& config, const Dns& dns);

  // MAIL FROM: anvil's message rate limit (mynetworks are exempt, as Postfix's
  // smtpd_client_event_limit_exceptions default says).
  smtp::Reply check_sender(const mta::Mta& mta, const smtp::SessionFacts& facts, sim::SimTime now);
  // RCPT TO, after the relay rules accepted: smtpd_recipient_restrictions in order.
  void check_recipient(const mta::Mta& mta, const smtp::SessionFacts& facts, std::string_view forward_path,
                       mta::RecipientDecision& decision, sim::SimTime now);
  // End of DATA: DMARC, the content filter and the sender's reputation.
  ContentVerdict check_content(const mta::Mta& mta, const smtp::SessionFacts& facts, const Message& message,
                               std::uint64_t queue_id, sim::SimTime now);

  // A copy was filed at `mta` for `mailbox`, having come from `client_ip`: spam-trap hits
  // become evidence, and the recipient reacts (opens, clicks, complaints, which are evidence too).
  defence::RecipientEngagement::Reaction delivered(const mta::Mta& mta, std::string_view mailbox,
                                                   MessageClass message_class, Folder folder,
                                                   std::uint32_t client_ip, sim::SimTime now);

  // Listings started by evidence since the last call, for the world to schedule.
  std::vector<PendingListing>& new_listings() { return new_listings_; }
  const defence::BlocklistZone& blocklist(std::uint32_t i) const { return zones_[i]; }
  std::size_t blocklist_count() const { return zones_.size(); }

  // Cache warming ahead of a session with `mta` (sim/prefetch.h): its row, then its rate limit.
  void warm(std::uint32_t mta) const { sim::prefetch(&servers_[mta]); }
  void warm_referenced(std::uint32_t mta) const { sim::prefetch(servers_[mta].rate_limit.get()); }

 private:
  // A server's own defences; only those it configures exist.
  struct ServerDefences {
    // Whether the server checks anything at RCPT / at the end of DATA: most servers check
    // nothing, and their configurations are rarely in cache.
    bool recipient_checks = false;
    bool content_checks = false;
    bool sender_checks = false;  // policyd-spf or an OpenDMARC milter
    std::unique_ptr<defence::Greylist> greylist;
    std::unique_ptr<defence::MessageRateLimit> rate_limit;
    std::unique_ptr<defence::ContentFilter> content_filter;
    std::unique_ptr<sim::RandomStream> filter_random;
    std::unique_ptr<defence::SenderReputation> reputation;
  };

  const MtaNodeConfig& node_config(const mta::Mta& mta) const { return config_.mtas[mta.index()]; }
  bool restriction_refuses(const RecipientRestriction& r, const mta::Mta& mta, const smtp::SessionFacts& facts,
                           std::string_view forward_path, mta::RecipientDecision& decision, sim::SimTime now);
  // The client's SPF result for the envelope sender's domain (the HELO name's for the null sender).
  defence::SpfResult spf_of(const smtp::SessionFacts& facts);
  // SPF, DKIM and DMARC as `mta` checks them.
  Authentication authenticate(const mta::Mta& mta, const smtp::SessionFacts& facts, const Message& message);
  defence::DkimKey dkim_key(const DkimSignature& signature) const;
  // The DMARC record for mail From `domain`: its own, else its organizational domain's.
  const DomainRecords* dmarc_records(std::string_view from_domain) const;
  void evidence(std::uint32_t blocklist, std::uint32_t ip, sim::SimTime now);

  const WorldConfig& config_;
  const Dns& dns_;
  std::vector<defence::BlocklistZone> zones_;
  std::vector<ServerDefences> servers_;  // per MTA
  NameMap<std::vector<std::uint32_t>> traps_;  // -> blocklists
  defence::RecipientEngagement engagement_;
  sim::RandomStream recipients_random_;
  std::vector<PendingListing> new_listings_;
  defence::SpfEvaluator spf_;
  sim::RandomStream dmarc_random_;  // which failing messages a pct below 100 applies the policy to
};

}  // namespace relaysim::world
