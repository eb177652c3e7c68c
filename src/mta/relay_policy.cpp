#include "mta/relay_policy.h"

#include <algorithm>

#include "smtp/ascii_case.h"

namespace relaysim::mta {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

RelayPolicy::RelayPolicy(const MtaConfig& config) : config_(config) {
  own_address_literal_ = "[" + format_ipv4(config.ip) + "]";
}

bool RelayPolicy::is_local(std::string_view domain) const {
  if (domain.front() == '[') return domain == own_address_literal_;
  return domain == config_.name || contains(config_.mydestination, domain);
}

Destination RelayPolicy::resolve(std::string_view forward_path, bool* syntax_ok) const {
  Destination destination;
  auto resolved = smtp::resolve_address(forward_path, *this, config_.name);
  *syntax_ok = resolved.has_value() && !resolved->null_sender;
  if (!*syntax_ok) return destination;
  destination.address = std::move(*resolved);
  destination.recipient_class = destination.address.local                          ? RecipientClass::Local
                                : contains(config_.relay_domains, destination.address.domain) ? RecipientClass::RelayDomain
                                                                                               : RecipientClass::Remote;
  destination.unverified_relay_user =
      destination.recipient_class == RecipientClass::RelayDomain && config_.relay_recipients.empty();
  if (destination.recipient_class == RecipientClass::Local) destination.forwarded_to = forward_of(destination.address.local_part);
  return destination;
}

// Postfix permit_auth_destination: routed mail is never authorized (unless allowed), then
// final delivery and relay_domains are.
bool RelayPolicy::authorized_destination(const Destination& destination) const {
  if (destination.address.sender_routed && !config_.allow_untrusted_routing) return false;
  return destination.recipient_class != RecipientClass::Remote;
}

// smtpd_check_rcpt accepts "postmaster" without a domain before any restriction (RFC 5321
// 4.5.1 requires it). Only the bare form: postmaster@domain meets the restrictions like any other.
bool RelayPolicy::bare_postmaster(const Destination& destination, std::string_view forward_path) const {
  // Cheap first: a bare local part resolves to local_part@myhostname.
  if (!destination.address.local || !smtp::equal_ignoring_case(destination.address.local_part, "postmaster") ||
      destination.address.domain != config_.name) {
    return false;
  }
  const auto internal = smtp::extract_address(forward_path);
  return internal && smtp::equal_ignoring_case(*internal, "postmaster");
}

// Postfix folds the case of local parts for its local recipient table, and RFC 5321 4.5.1
// requires every domain to accept mail for postmaster.
bool RelayPolicy::known_local_user(std::string_view local_part) const {
  const auto same = [local_part](std::string_view user) { return smtp::equal_ignoring_case(user, local_part); };
  // smtpd_check's check_rcpt_maps never refuses these: every mail system has them.
  // An alias is a recipient too: local_recipient_maps holds $alias_maps, and smtpd takes an
  // address virtual_alias_maps rewrites.
  return config_.local_recipients.empty() || same("postmaster") || same("MAILER-DAEMON") || same("double-bounce") ||
         std::any_of(config_.local_recipients.begin(), config_.local_recipients.end(), same) ||
         forward_of(local_part) != nullptr;
}

const std::string* RelayPolicy::forward_of(std::string_view local_part) const {
  if (config_.forwards.empty()) return nullptr;
  const auto it = config_.forwards.find(smtp::lowercase(local_part));
  return it == config_.forwards.end() ? nullptr : &it->second;
}

// Postfix looks relay_recipient_maps up as user@domain, then @domain, case folded.
bool RelayPolicy::known_relay_recipient(const smtp::ResolvedAddress& address) const {
  if (config_.relay_recipients.empty()) return true;
  const auto listed = [&address](std::string_view entry) {
    const std::size_t at = entry.rfind('@');
    const bool any_user = at == 0;
    return smtp::equal_ignoring_case(entry.substr(at + 1), address.domain) &&
           (any_user || smtp::equal_ignoring_case(entry.substr(0, at), address.local_part));
  };
  return std::any_of(config_.relay_recipients.begin(), config_.relay_recipients.end(), listed);
}

// policy open is the operator's mistake mynetworks = 0.0.0.0/0: everyone is "our network"
// (for relaying, and for whatever else trusts mynetworks: defences, rate-limit exemptions).
bool RelayPolicy::in_mynetworks(std::uint32_t ip) const {
  if (config_.policy == PolicyPreset::Open) return true;
  return std::any_of(config_.mynetworks.begin(), config_.mynetworks.end(),
                     [ip](const Cidr& net) { return net.contains(ip); });
}

RecipientDecision RelayPolicy::decide(const smtp::SessionFacts& facts, std::string_view forward_path) const {
  using smtp::ReplyText;
  RecipientDecision decision;
  bool syntax_ok = false;
  decision.destination = resolve(forward_path, &syntax_ok);
  if (!syntax_ok) {
    decision.verdict = RelayVerdict::RejectSyntax;
    decision.reply = smtp::make_reply(ReplyText::BadRecipientSyntax);
    return decision;
  }
  if (bare_postmaster(decision.destination, forward_path)) {
    decision.verdict = RelayVerdict::PermitBarePostmaster;
    decision.reply = smtp::make_reply(ReplyText::RecipientOk);
    return decision;
  }
  // The stock submission service (master.cf) replaces the restrictions with
  // smtpd_recipient_restrictions = permit_sasl_authenticated, reject and does not look the
  // recipient up (smtpd_reject_unlisted_recipient = no): the MUA's MTA may send anywhere.
  if (facts.submission) {
    const bool authenticated = !facts.authenticated_user.empty();
    decision.verdict = authenticated ? RelayVerdict::PermitAuthenticated : RelayVerdict::RejectUnauthenticatedSubmission;
    decision.reply = authenticated ? smtp::make_reply(ReplyText::RecipientOk)
                                   : smtp::make_reply(ReplyText::RecipientAccessDenied, forward_path);
    return decision;
  }
  relay_decision(facts, forward_path, decision);
  if (!decision.reply.positive_completion()) return decision;
  const Destination& destination = decision.destination;
  if (destination.recipient_class == RecipientClass::Local && !known_local_user(destination.address.local_part)) {
    decision.verdict = RelayVerdict::RejectUnknownUser;
    decision.reply = smtp::make_reply(ReplyText::UnknownLocalUser, forward_path);
  } else if (destination.recipient_class == RecipientClass::RelayDomain && !known_relay_recipient(destination.address)) {
    decision.verdict = RelayVerdict::RejectUnknownRelayUser;
    decision.reply = smtp::make_reply(ReplyText::UnknownRelayUser, forward_path);
  }
  return decision;
}

// smtpd_relay_restrictions in order; the first that decides ends the list.
void RelayPolicy::relay_decision(const smtp::SessionFacts& facts, std::string_view forward_path,
                                 RecipientDecision& decision) const {
  using smtp::ReplyText;
  const bool authorized = authorized_destination(decision.destination);
  decision.verdict = RelayVerdict::PermitEndOfList;
  for (Restriction restriction : config_.relay_restrictions) {
    switch (restriction) {
      case Restriction::PermitMynetworks:
        if (in_mynetworks(facts.client_ip)) {
          decision.verdict = config_.policy == PolicyPreset::Open ? RelayVerdict::PermitMynetworksEveryone
                                                                  : RelayVerdict::PermitMynetworks;
        }
        break;
      case Restriction::PermitSaslAuthenticated:
        if (!facts.authenticated_user.empty()) decision.verdict = RelayVerdict::PermitAuthenticated;
        break;
      case Restriction::RejectUnauthDestination:
        decision.verdict = authorized ? RelayVerdict::PermitEndOfList : RelayVerdict::RejectUnauthDestination;
        break;
      case Restriction::DeferUnauthDestination:
        decision.verdict = authorized ? RelayVerdict::PermitEndOfList : RelayVerdict::DeferUnauthDestination;
        break;
      case Restriction::Permit:
        decision.verdict = RelayVerdict::PermitExplicit;
        break;
      case Restriction::Reject:
        decision.verdict = RelayVerdict::RejectExplicit;
        break;
    }
    // reject_/defer_unauth_destination answer DUNNO for an authorized destination: go on.
    if (decision.verdict != RelayVerdict::PermitEndOfList) break;
  }
  if (decision.verdict == RelayVerdict::PermitEndOfList && authorized) {
    decision.verdict = RelayVerdict::PermitAuthorizedDestination;
  }
  switch (decision.verdict) {
    case RelayVerdict::RejectUnauthDestination:
      decision.reply = smtp::make_reply(ReplyText::RelayDenied, forward_path);
      break;
    case RelayVerdict::DeferUnauthDestination:
      decision.reply = smtp::make_reply(ReplyText::RelayDenied, forward_path);
      decision.reply.code = 454;
      decision.reply.status = {4, 7, 1};
      break;
    case RelayVerdict::RejectExplicit:
      decision.reply = smtp::make_reply(ReplyText::RecipientAccessDenied, forward_path);
      break;
    default:
      decision.reply = smtp::make_reply(ReplyText::RecipientOk);
      break;
  }
}

std::vector<Restriction> preset_restrictions(PolicyPreset preset) {
  using enum Restriction;
  switch (preset) {
    case PolicyPreset::Open: return {PermitMynetworks, PermitSaslAuthenticated, RejectUnauthDestination};
    case PolicyPreset::LegacyOpen: return {Permit};
    case PolicyPreset::Mynetworks: return {PermitMynetworks, RejectUnauthDestination};
    case PolicyPreset::Authenticated: return {PermitMynetworks, PermitSaslAuthenticated, RejectUnauthDestination};
    case PolicyPreset::Closed: return {RejectUnauthDestination};
  }
  return {};
}

const char* explain(RelayVerdict verdict) {
  switch (verdict) {
    case RelayVerdict::PermitMynetworks:
      return text::N_("the client's address is in mynetworks, which this server trusts to relay, so it accepts");
    case RelayVerdict::PermitMynetworksEveryone:
      return text::N_("this server has mynetworks = 0.0.0.0/0: every address on the Internet counts as its own network, "
             "so permit_mynetworks lets anyone relay -- an open relay, the classic configuration mistake");
    case RelayVerdict::PermitAuthenticated:
      return text::N_("the client has authenticated (SASL), so this server accepts the recipient, local or not");
    case RelayVerdict::PermitAuthorizedDestination:
      return text::N_("the recipient's domain is one this server serves (mydestination or relay_domains), so it accepts");
    case RelayVerdict::PermitExplicit:
      return text::N_("the restriction list says 'permit': this server accepts any recipient from anyone -- an open relay "
             "(as MTAs did before 1999; Postfix itself refuses to start like this)");
    case RelayVerdict::PermitEndOfList:
      return text::N_("no restriction objected, so this server accepts");
    case RelayVerdict::PermitBarePostmaster:
      return text::N_("the recipient is plain 'postmaster', which RFC 5321 says every server must accept: Postfix takes it "
             "before any restriction, as mail for its own postmaster");
    case RelayVerdict::RejectUnauthDestination:
      return text::N_("the recipient's domain is not one this server serves, and the client has not authenticated, "
             "so it refuses to relay (reject_unauth_destination)");
    case RelayVerdict::DeferUnauthDestination:
      return text::N_("the recipient's domain is not one this server serves, and the client has not authenticated, "
             "so it refuses to relay for now (defer_unauth_destination)");
    case RelayVerdict::RejectExplicit:
      return text::N_("the restriction list says 'reject' for this client");
    case RelayVerdict::RejectUnauthenticatedSubmission:
      return text::N_("this is the submission port (587): only a client that has logged in (AUTH) may send mail here, "
             "to any recipient (permit_sasl_authenticated, reject)");
    case RelayVerdict::RejectUnknownUser:
      return text::N_("the domain is local, but no such user exists here, so the recipient is refused");
    case RelayVerdict::RejectUnknownRelayUser:
      return text::N_("this server relays for the recipient's domain and knows its users (relay_recipient_maps): "
             "no such user exists there, so it refuses now rather than accept mail it could only bounce later");
    case RelayVerdict::RejectSyntax:
      return text::N_("the recipient address does not follow RFC 5321's syntax");
    case RelayVerdict::RejectBlocklisted:
      return text::N_("the client's address is listed in a DNS blocklist this server consults (reject_rbl_client), "
             "so it refuses mail from it");
    case RelayVerdict::DeferGreylisted:
      return text::N_("this client, sender and recipient have not been seen before: the greylisting service asks the "
             "client to come back later; a real mail server retries, most spam software does not");
    case RelayVerdict::RejectSpfFail:
      return text::N_("the sender's domain publishes an SPF record that does not authorize the client's address, "
             "so the recipient is refused (SPF fail)");
  }
  return "";
}

namespace {

bool is_permit(RelayVerdict verdict) {
  switch (verdict) {
    case RelayVerdict::PermitMynetworks:
    case RelayVerdict::PermitMynetworksEveryone:
    case RelayVerdict::PermitAuthenticated:
    case RelayVerdict::PermitAuthorizedDestination:
    case RelayVerdict::PermitExplicit:
    case RelayVerdict::PermitEndOfList: return true;
    default: return false;
  }
}

}  // namespace

std::string explain_recipient(RelayVerdict verdict, const Destination& destination, std::string_view forward_path,
                              const text::Catalog& catalog) {
  const std::string resolved = smtp::canonical_address(destination.address);
  const auto internal = smtp::extract_address(forward_path);
  // Rewritten: more than the domain's case or the host name added to a bare user changed.
  const bool rewritten = internal && smtp::lowercase(*internal) != smtp::lowercase(resolved) &&
                         smtp::lowercase(*internal) + "@" + destination.address.domain != smtp::lowercase(resolved);
  const bool relaying = destination.recipient_class == RecipientClass::Remote;
  const bool unauth =
      verdict == RelayVerdict::RejectUnauthDestination || verdict == RelayVerdict::DeferUnauthDestination;
  const std::string restriction =
      verdict == RelayVerdict::RejectUnauthDestination ? "reject_unauth_destination" : "defer_unauth_destination";
  if (unauth && destination.address.sender_routed) {
    return catalog.tr("once resolved as Postfix resolves it, the address still routes on: '%', '!' or '@' remain "
                      "before {1}, so it is sender-routed, and a server never counts sender-routed mail as its own "
                      "to deliver (unless allow_untrusted_routing), so it refuses to relay it ({2})",
                      {destination.address.domain, restriction});
  }
  if (unauth && rewritten) {
    return catalog.tr("the address is written to look like mail for this server, but read as Postfix reads it "
                      "(quotes removed, its own domain stripped, '%' and '!' rewritten) it goes to {1}, at a domain "
                      "this server does not serve; the client has not authenticated, so it refuses to relay it ({2})",
                      {resolved, restriction});
  }
  if (!is_permit(verdict)) return catalog.tr(explain(verdict));
  if (destination.recipient_class == RecipientClass::Local && destination.forwarded_to != nullptr) {
    return catalog.tr("the recipient is a user of this server's own domain, so it takes the copy from any client; "
                      "that user's mail is forwarded (alias_maps) to {1}, and this server sends it on with the "
                      "envelope sender unchanged",
                      {*destination.forwarded_to});
  }
  if (destination.recipient_class == RecipientClass::Local) {
    return rewritten ? catalog.tr("the recipient is a user of this server's own domain, and a server takes mail for "
                                  "its own users from any client: nothing is relayed (the address resolves to {1})",
                                  {resolved})
                     : catalog.tr("the recipient is a user of this server's own domain, and a server takes mail for "
                                  "its own users from any client: nothing is relayed");
  }
  if (destination.recipient_class == RecipientClass::RelayDomain) {
    std::string text = rewritten ? catalog.tr("the recipient's domain is in this server's relay_domains (it is a backup MX for "
                                  "it), so it takes the copy from any client and passes it on as {1}",
                                  {resolved})
                     : catalog.tr("the recipient's domain is in this server's relay_domains (it is a backup MX for "
                                  "it), so it takes the copy from any client and passes it on");
    if (destination.unverified_relay_user) {
      text += catalog.tr("; it cannot know whether the user exists there (no relay_recipient_maps): if the next server "
                         "refuses the copy, this one must bounce it to the sender");
    }
    return text;
  }
  std::string text = catalog.tr(explain(verdict));
  if (relaying && rewritten) {
    text += catalog.tr("; it passes the copy on as {1}, the address it resolved from what the client wrote", {resolved});
  }
  return text;
}

const char* explain_login(const MtaConfig& config, bool submission_port) {
  const auto& rules = config.relay_restrictions;
  if (std::find(rules.begin(), rules.end(), Restriction::Permit) != rules.end()) {
    return text::N_("the user name and password are right; this server lets everyone relay anyway ('permit'), "
                    "logged in or not");
  }
  if (submission_port || std::find(rules.begin(), rules.end(), Restriction::PermitSaslAuthenticated) != rules.end()) {
    return text::N_("the user name and password are right: this session may now relay (permit_sasl_authenticated)");
  }
  return text::N_("the user name and password are right, but this server's relay rules have no "
                  "permit_sasl_authenticated: logging in does not let this client relay");
}

}  // namespace relaysim::mta
