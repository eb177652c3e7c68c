#include "mta/relay_policy.h"

#include <algorithm>
#include <cctype>

namespace relaysim::mta {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

RelayPolicy::RelayPolicy(const MtaConfig& config) : config_(config) {
  own_address_literal_ = "[" + format_ipv4(config.ip) + "]";
}

RecipientClass RelayPolicy::classify(const smtp::ResolvedAddress& address) const {
  // A bare local part gets $myorigin appended by Postfix: it is local.
  if (address.domain.empty()) return RecipientClass::Local;
  if (address.domain_literal) {
    return address.domain == own_address_literal_ ? RecipientClass::Local : RecipientClass::Remote;
  }
  if (address.domain == config_.name || contains(config_.mydestination, address.domain)) {
    return RecipientClass::Local;
  }
  if (contains(config_.relay_domains, address.domain)) return RecipientClass::RelayDomain;
  return RecipientClass::Remote;
}

Destination RelayPolicy::resolve(std::string_view forward_path, bool* syntax_ok) const {
  Destination destination;
  auto resolved = smtp::resolve_address(forward_path);
  *syntax_ok = resolved.has_value() && !resolved->null_sender;
  if (!*syntax_ok) return destination;
  destination.address = std::move(*resolved);
  destination.recipient_class = classify(destination.address);
  // Follow sender routes through our own domains as trivial-rewrite does: "a%b@us" is "a@b".
  // Bounded, since each round strips one routing step from a finite string.
  for (int round = 0; round < 8 && destination.address.sender_routed; ++round) {
    destination.sender_routed = true;
    if (destination.recipient_class != RecipientClass::Local) break;
    auto inner = smtp::resolve_address(destination.address.local_part);
    if (!inner || inner->domain.empty()) break;
    destination.address = std::move(*inner);
    destination.recipient_class = classify(destination.address);
  }
  destination.sender_routed = destination.sender_routed || destination.address.sender_routed;
  return destination;
}

bool RelayPolicy::authorized_destination(const Destination& destination) const {
  if (destination.sender_routed && !config_.allow_untrusted_routing) return false;
  return destination.recipient_class != RecipientClass::Remote;
}

// Postfix folds the case of local parts for its local recipient table, and RFC 5321 4.5.1
// requires every domain to accept mail for postmaster.
bool RelayPolicy::known_local_user(std::string_view local_part) const {
  const auto same = [local_part](const std::string& user) {
    return user.size() == local_part.size() &&
           std::equal(user.begin(), user.end(), local_part.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
  };
  return config_.local_recipients.empty() || same("postmaster") ||
         std::any_of(config_.local_recipients.begin(), config_.local_recipients.end(), same);
}

bool RelayPolicy::in_mynetworks(std::uint32_t ip) const {
  return std::any_of(config_.mynetworks.begin(), config_.mynetworks.end(),
                     [ip](const Cidr& net) { return net.contains(ip); });
}

RecipientDecision RelayPolicy::decide(const smtp::SessionFacts& facts,
                                      std::string_view forward_path) const {
  using smtp::ReplyText;
  RecipientDecision decision;
  bool syntax_ok = false;
  decision.destination = resolve(forward_path, &syntax_ok);
  if (!syntax_ok) {
    decision.verdict = RelayVerdict::RejectSyntax;
    decision.reply = smtp::make_reply(ReplyText::BadRecipientSyntax);
    return decision;
  }
  const bool authorized = authorized_destination(decision.destination);
  decision.verdict = RelayVerdict::PermitEndOfList;
  for (Restriction restriction : config_.relay_restrictions) {
    switch (restriction) {
      case Restriction::PermitMynetworks:
        if (in_mynetworks(facts.client_ip)) decision.verdict = RelayVerdict::PermitMynetworks;
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
      return decision;
    case RelayVerdict::DeferUnauthDestination:
      decision.reply = smtp::make_reply(ReplyText::RelayDenied, forward_path);
      decision.reply.code = 454;
      decision.reply.status = {4, 7, 1};
      return decision;
    case RelayVerdict::RejectExplicit:
      decision.reply = smtp::make_reply(ReplyText::RecipientAccessDenied, forward_path);
      return decision;
    default:
      break;
  }
  if (decision.destination.recipient_class == RecipientClass::Local &&
      !known_local_user(decision.destination.address.local_part)) {
    decision.verdict = RelayVerdict::RejectUnknownUser;
    decision.reply = smtp::make_reply(ReplyText::UnknownLocalUser, forward_path);
    return decision;
  }
  decision.reply = smtp::make_reply(ReplyText::RecipientOk);
  return decision;
}

std::vector<Restriction> preset_restrictions(PolicyPreset preset) {
  using enum Restriction;
  switch (preset) {
    case PolicyPreset::Open: return {Permit};
    case PolicyPreset::Mynetworks: return {PermitMynetworks, RejectUnauthDestination};
    case PolicyPreset::Authenticated: return {PermitMynetworks, PermitSaslAuthenticated, RejectUnauthDestination};
    case PolicyPreset::Closed: return {RejectUnauthDestination};
  }
  return {};
}

std::string_view explain(RelayVerdict verdict) {
  switch (verdict) {
    case RelayVerdict::PermitMynetworks:
      return "the client's address is in mynetworks, which this server trusts to relay, so it accepts";
    case RelayVerdict::PermitAuthenticated:
      return "the client has authenticated (SASL), so this server accepts the recipient, local or not";
    case RelayVerdict::PermitAuthorizedDestination:
      return "the recipient's domain is one this server serves (mydestination or relay_domains), so it accepts";
    case RelayVerdict::PermitExplicit:
      return "the restriction list ends in 'permit': this server accepts any recipient from anyone -- an open relay";
    case RelayVerdict::PermitEndOfList:
      return "no restriction objected, so this server accepts";
    case RelayVerdict::RejectUnauthDestination:
      return "the recipient's domain is not one this server serves, and the client has not authenticated, "
             "so it refuses to relay (reject_unauth_destination)";
    case RelayVerdict::DeferUnauthDestination:
      return "the recipient's domain is not one this server serves, and the client has not authenticated, "
             "so it refuses to relay for now (defer_unauth_destination)";
    case RelayVerdict::RejectExplicit:
      return "the restriction list says 'reject' for this client";
    case RelayVerdict::RejectUnknownUser:
      return "the domain is local, but no such user exists here, so the recipient is refused";
    case RelayVerdict::RejectSyntax:
      return "the recipient address does not follow RFC 5321's syntax";
    case RelayVerdict::RejectBlocklisted:
      return "the client's address is listed in a DNS blocklist this server consults (reject_rbl_client), "
             "so it refuses mail from it";
    case RelayVerdict::DeferGreylisted:
      return "this client, sender and recipient have not been seen before: the greylisting service asks the "
             "client to come back later; a real mail server retries, most spam software does not";
    case RelayVerdict::RejectSpfFail:
      return "the sender's domain publishes an SPF record that does not authorize the client's address, "
             "so the recipient is refused (SPF fail)";
  }
  return "";
}

}  // namespace relaysim::mta
