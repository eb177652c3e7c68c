#include "world/defences.h"

#include <algorithm>

#include "defence/spf.h"

namespace relaysim::world {
namespace {

bool checks(const MtaNodeConfig& m, RecipientCheck check) {
  return std::any_of(m.recipient_restrictions.begin(), m.recipient_restrictions.end(),
                     [check](const RecipientRestriction& r) { return r.check == check; });
}

std::string_view domain_of_path(std::string_view path) {
  const std::size_t at = path.rfind('@');
  return at == std::string_view::npos ? std::string_view{} : path.substr(at + 1);
}

// RFC 7208 2.4: the envelope sender's domain; for the null sender, the HELO name ("postmaster@" it).
std::string_view spf_domain(const smtp::SessionFacts& facts) {
  return facts.reverse_path.empty() ? facts.helo : domain_of_path(facts.reverse_path);
}

}  // namespace

Defences::Defences(const WorldConfig& config, const Dns& dns)
    : config_(config),
      dns_(dns),
      engagement_(config.engagement),
      recipients_random_(config.seed, "recipients"),
      spf_(dns),
      dmarc_random_(config.seed, "dmarc-pct") {
  for (const BlocklistConfig& b : config.blocklists) {
    zones_.emplace_back(b, config.seed);
    for (const std::string& trap : b.traps) traps_.try_emplace(trap).push_back(static_cast<std::uint32_t>(zones_.size() - 1));
  }
  servers_.resize(config.mtas.size());
  for (std::size_t i = 0; i < config.mtas.size(); ++i) {
    const MtaNodeConfig& m = config.mtas[i];
    ServerDefences& s = servers_[i];
    s.recipient_checks = !m.recipient_restrictions.empty();
    s.sender_checks = m.dmarc || checks(m, RecipientCheck::PolicydSpf);
    s.content_checks = s.sender_checks || m.content_filter || m.reputation;
    if (checks(m, RecipientCheck::Postgrey)) s.greylist = std::make_unique<defence::Greylist>(m.greylisting);
    if (m.client_message_rate_limit > 0) {
      s.rate_limit = std::make_unique<defence::MessageRateLimit>(
          defence::MessageRateLimit::Config{static_cast<int>(m.client_message_rate_limit)});
    }
    if (m.content_filter) {
      s.content_filter = std::make_unique<defence::ContentFilter>(*m.content_filter);
      s.filter_random = std::make_unique<sim::RandomStream>(config.seed, "content-filter:" + m.name);
    }
    if (m.reputation) s.reputation = std::make_unique<defence::SenderReputation>(*m.reputation);
  }
}

smtp::Reply Defences::check_sender(const mta::Mta& mta, const smtp::SessionFacts& facts, sim::SimTime now) {
  defence::MessageRateLimit* limit = servers_[mta.index()].rate_limit.get();
  if (limit == nullptr || mta.relay_policy().in_mynetworks(facts.client_ip) || limit->allow(facts.client_ip, now)) {
    return smtp::make_reply(smtp::ReplyText::SenderOk);
  }
  smtp::Reply refused = smtp::make_reply(smtp::ReplyText::RateLimited);
  refused.number = facts.client_ip;
  return refused;
}

void Defences::check_recipient(const mta::Mta& mta, const smtp::SessionFacts& facts, std::string_view forward_path,
                               mta::RecipientDecision& decision, sim::SimTime now) {
  if (!servers_[mta.index()].recipient_checks) return;
  for (const RecipientRestriction& r : node_config(mta).recipient_restrictions) {
    if (r.check == RecipientCheck::PermitMynetworks && mta.relay_policy().in_mynetworks(facts.client_ip)) return;
    if (r.check == RecipientCheck::PermitSaslAuthenticated && !facts.authenticated_user.empty()) return;
    if (restriction_refuses(r, mta, facts, forward_path, decision, now)) return;
  }
}

// One restriction that may refuse; true when it did (and `decision` says how).
bool Defences::restriction_refuses(const RecipientRestriction& r, const mta::Mta& mta,
                                   const smtp::SessionFacts& facts, std::string_view forward_path,
                                   mta::RecipientDecision& decision, sim::SimTime now) {
  using smtp::ReplyText;
  switch (r.check) {
    case RecipientCheck::RejectRblClient:
      if (!zones_[r.blocklist].listed(facts.client_ip, now)) return false;
      decision.reply = smtp::make_reply(ReplyText::Blocklisted, zones_[r.blocklist].zone());
      decision.reply.number = facts.client_ip;
      decision.verdict = mta::RelayVerdict::RejectBlocklisted;
      return true;
    case RecipientCheck::Postgrey: {
      const auto answer = servers_[mta.index()].greylist->check(facts.client_ip, facts.reverse_path, forward_path, now);
      if (answer != defence::GreylistAnswer::Greylisted) return false;
      decision.reply = smtp::make_reply(ReplyText::Greylisted, forward_path);
      decision.verdict = mta::RelayVerdict::DeferGreylisted;
      return true;
    }
    case RecipientCheck::PolicydSpf:
      if (spf_of(facts) != defence::SpfResult::Fail) return false;
      decision.reply = smtp::make_reply(ReplyText::SpfFailed, forward_path);
      decision.verdict = mta::RelayVerdict::RejectSpfFail;
      return true;
    case RecipientCheck::PermitMynetworks:
    case RecipientCheck::PermitSaslAuthenticated:
      return false;
  }
  return false;
}

defence::SpfResult Defences::spf_of(const smtp::SessionFacts& facts) {
  return spf_.check_host(facts.client_ip, spf_domain(facts)).result;
}

defence::DkimKey Defences::dkim_key(const DkimSignature& signature) const {
  const DomainRecords* records = dns_.records(signature.domain);
  if (records == nullptr) return defence::DkimKey::Missing;
  for (const DkimSelector& k : records->dkim) {
    if (k.selector == signature.selector) return k.key;
  }
  return defence::DkimKey::Missing;
}

const DomainRecords* Defences::dmarc_records(std::string_view from_domain) const {
  const DomainRecords* records = dns_.records(from_domain);
  return records != nullptr ? records : dns_.records(defence::organizational_domain(from_domain));
}

Authentication Defences::authenticate(const mta::Mta& mta, const smtp::SessionFacts& facts, const Message& message) {
  Authentication a;
  a.checked = true;
  a.dmarc_checked = node_config(mta).dmarc;
  a.spf = spf_of(facts);
  a.spf_domain = spf_domain(facts);
  // A DSN has no author's fields here: its From is MAILER-DAEMON at the reporting server.
  a.from_domain = message.content != nullptr ? std::string_view(message.content->from_domain) : a.spf_domain;
  if (message.content != nullptr && message.content->dkim) {
    const DkimSignature& signature = *message.content->dkim;
    a.dkim = defence::verify_dkim(true, dkim_key(signature), message.altered);
    a.dkim_domain = signature.domain;
  }
  if (a.dmarc_checked) {
    if (const DomainRecords* records = dmarc_records(a.from_domain)) {
      a.dmarc = defence::dmarc_result(records->dmarc, {a.from_domain, a.spf, a.spf_domain, a.dkim, a.dkim_domain});
    }
  }
  return a;
}

ContentVerdict Defences::check_content(const mta::Mta& mta, const smtp::SessionFacts& facts, const Message& message,
                                       std::uint64_t queue_id, sim::SimTime now) {
  ContentVerdict verdict;
  ServerDefences& s = servers_[mta.index()];
  if (!s.content_checks) return verdict;
  const MtaNodeConfig& m = node_config(mta);
  const MessageClass message_class = message.message_class;
  if (s.reputation) s.reputation->record_message(facts.client_ip, now);
  if (s.sender_checks) verdict.authentication = authenticate(mta, facts, message);
  if (verdict.authentication.dmarc == defence::DmarcResult::Fail) {
    const Authentication& a = verdict.authentication;
    const DomainRecords* records = dmarc_records(a.from_domain);  // a failing result needs a record
    const double draw = records->dmarc.pct < 100 ? dmarc_random_.uniform01() : 0.0;
    switch (defence::dmarc_disposition(records->dmarc, a.dmarc, draw)) {
      case defence::DmarcDisposition::Reject:
        // The arg must outlive the reply: the domain's name in the scenario does.
        verdict.refusal = smtp::make_reply(smtp::ReplyText::DmarcRejected, records->name);
        return verdict;
      case defence::DmarcDisposition::Quarantine: verdict.folder = Folder::Junk; break;
      case defence::DmarcDisposition::Deliver: break;
    }
  }
  if (s.content_filter && s.content_filter->flags(message_class == MessageClass::Spam, *s.filter_random)) {
    if (s.reputation) s.reputation->record_spam(facts.client_ip, now);
    if (m.content_filter->action == FilterAction::Reject) {
      verdict.refusal = smtp::make_reply(smtp::ReplyText::ContentRejected);
      verdict.refusal->number = queue_id;
      return verdict;
    }
    verdict.folder = Folder::Junk;
  }
  if (s.reputation && s.reputation->sends_to_junk(facts.client_ip, now)) verdict.folder = Folder::Junk;
  return verdict;
}

defence::RecipientEngagement::Reaction Defences::delivered(const mta::Mta& mta, std::string_view mailbox,
                                                           MessageClass message_class, Folder folder,
                                                           std::uint32_t client_ip, sim::SimTime now) {
  if (const std::vector<std::uint32_t>* blocklists = traps_.find(mailbox)) {
    for (std::uint32_t b : *blocklists) evidence(b, client_ip, now);
    return {};  // nobody reads a trap
  }
  if (message_class != MessageClass::Ham && message_class != MessageClass::Spam) return {};
  const auto reaction = engagement_.react(message_class == MessageClass::Spam, folder == Folder::Junk,
                                          recipients_random_);
  if (reaction.complained) {
    if (auto& reputation = servers_[mta.index()].reputation) reputation->record_complaint(client_ip, now);
    for (std::uint32_t b = 0; b < zones_.size(); ++b) {
      if (config_.blocklists[b].complaints) evidence(b, client_ip, now);
    }
  }
  return reaction;
}

void Defences::evidence(std::uint32_t blocklist, std::uint32_t ip, sim::SimTime now) {
  if (const auto at = zones_[blocklist].report(ip, now)) new_listings_.push_back({blocklist, ip, *at});
}

}  // namespace relaysim::world
