// Postfix's recipient decision for one RCPT TO: resolve the address, run the relay
// restrictions in order, then refuse unknown local and relay users (smtpd_reject_unlisted_recipient).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/catalog.h"
#include "mta/mta_config.h"
#include "smtp/address.h"
#include "smtp/reply.h"
#include "smtp/server_policy.h"

namespace relaysim::mta {

// Where a recipient's mail goes from this server.
enum class RecipientClass : std::uint8_t {
  Local,        // every domain in it was ours (mydestination, this host's own address literal)
  RelayDomain,  // a domain in relay_domains: accepted and passed on
  Remote,       // anything else: passing it on is relaying
};

// The address a server acts on, as trivial-rewrite resolves it: our own domains stripped and
// what they held rewritten, again and again. "bob%victim.example@us" is bob@victim.example
// (remote: relaying), "alice%us@us" is alice here; what still holds '@', '%' or '!' before a
// remote domain is sender-routed, which is how old open relays were tricked into relaying.
struct Destination {
  smtp::ResolvedAddress address;
  RecipientClass recipient_class = RecipientClass::Remote;
  // A relay domain's address with no relay_recipient_maps to look it up in: the server cannot
  // know whether the user exists, so a later refusal by the next hop becomes a bounce.
  bool unverified_relay_user = false;
  // A local user whose mail this server forwards (forwards): the new address, in the config.
  const std::string* forwarded_to = nullptr;
};

// Why a restriction list ended as it did; the explanation shown to students names it.
enum class RelayVerdict : std::uint8_t {
  PermitMynetworks, PermitMynetworksEveryone, PermitAuthenticated, PermitAuthorizedDestination, PermitExplicit,
  PermitEndOfList, PermitBarePostmaster, RejectUnauthDestination, DeferUnauthDestination, RejectExplicit,
  RejectUnknownUser, RejectUnknownRelayUser, RejectSyntax, RejectUnauthenticatedSubmission,
  // Recipient restrictions after the relay rules (smtpd_recipient_restrictions): the defences.
  RejectBlocklisted, DeferGreylisted, RejectSpfFail,
};

struct RecipientDecision {
  smtp::Reply reply;
  RelayVerdict verdict = RelayVerdict::PermitEndOfList;
  Destination destination;
};

class RelayPolicy final : public smtp::LocalDomains {
 public:
  explicit RelayPolicy(const MtaConfig& config);

  // mydestination, myhostname and this host's own address literal.
  bool is_local(std::string_view domain) const override;
  Destination resolve(std::string_view forward_path, bool* syntax_ok) const;
  RecipientDecision decide(const smtp::SessionFacts& facts, std::string_view forward_path) const;
  // Does a mailbox for this local part exist here (local_recipients; postmaster, MAILER-DAEMON
  // and double-bounce always do)?
  bool known_local_user(std::string_view local_part) const;
  // Is this address of a relay domain in relay_recipients (as user@domain or @domain)?
  bool known_relay_recipient(const smtp::ResolvedAddress& address) const;
  bool in_mynetworks(std::uint32_t ip) const;

 private:
  // Where mail for this local user is forwarded (forwards), or nullptr.
  const std::string* forward_of(std::string_view local_part) const;
  bool authorized_destination(const Destination& destination) const;
  bool bare_postmaster(const Destination& destination, std::string_view forward_path) const;
  void relay_decision(const smtp::SessionFacts& facts, std::string_view forward_path, RecipientDecision& decision) const;

  const MtaConfig& config_;
  std::string own_address_literal_;  // "[192.0.2.10]": mail to it is local
};

// The relay restrictions each preset stands for (policy: in a scenario).
std::vector<Restriction> preset_restrictions(PolicyPreset preset);

// A sentence that tells a student what the server decided and why, in English: the catalogue's
// msgid, to be translated where it is shown.
const char* explain(RelayVerdict verdict);
// explain() said of one recipient, in the catalogue's language: a local user and a relay domain
// are taken from anyone, whatever rule fired first; an address that resolves elsewhere than it
// looks says where it really goes, and one that is still sender-routed says so.
std::string explain_recipient(RelayVerdict verdict, const Destination& destination, std::string_view forward_path,
                              const text::Catalog& catalog = {});
// What a successful AUTH changes on this server: relaying, if its rules permit logged-in clients
// (a msgid, as explain()).
const char* explain_login(const MtaConfig& config, bool submission_port);

}  // namespace relaysim::mta
