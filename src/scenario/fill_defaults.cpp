// Defaults that depend on the rest of the scenario, filled in once it has no errors, so that
// the world builder never has to guess.
#include <algorithm>

#include "scenario/loader_context.h"
#include "mta/relay_policy.h"
#include "smtp/ascii_case.h"
#include "scenario/spec_names.h"

namespace relaysim::scenario::detail {
namespace {

// Where senders deliver mail for `domain`: its most preferred MX hosts (several when tied),
// or, without MX records, the host at its address (RFC 5321 5.1 implicit MX).
bool is_final_destination(const DomainSpec& domain, const MtaSpec& mta) {
  if (domain.mx.empty()) return !domain.null_mx && domain.address == mta.ip;
  std::uint16_t best = domain.mx.front().preference;  // sorted by preference
  return std::any_of(domain.mx.begin(), domain.mx.end(),
                     [&](const MxRecord& r) { return r.host == mta.name && r.preference == best; });
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_backup_mx(const DomainSpec& domain, const MtaSpec& mta) {
  return !domain.mx.empty() && !is_final_destination(domain, mta) &&
         std::any_of(domain.mx.begin(), domain.mx.end(), [&](const MxRecord& r) { return r.host == mta.name; });
}

void fill_mta(const ScenarioSpec& spec, MtaSpec& mta, const MtaGiven& given) {
  if (mta.relay_restrictions.empty()) mta.relay_restrictions = mta::preset_restrictions(mta.policy);
  if (!given.mynetworks) mta.mynetworks = {Cidr{mta.ip, 32}};
  // A domain is never in both lists: what the file says explicitly wins over what the MX
  // records suggest, and between two derived entries mydestination wins, as in Postfix.
  for (const DomainSpec& domain : spec.domains) {
    if (!given.mydestination && is_final_destination(domain, mta) && !contains(mta.relay_domains, domain.name)) {
      mta.mydestination.push_back(domain.name);
    }
    if (!given.relay_domains && is_backup_mx(domain, mta) && !contains(mta.mydestination, domain.name)) {
      mta.relay_domains.push_back(domain.name);
    }
  }
}

// What a message says when the scenario does not say it: a note between people for ham, an
// offer for spam; the header From is the envelope sender unless the scenario forges another.
void fill_message(AgentSpec& agent) {
  MessageTemplate& m = agent.message;
  if (m.from.empty()) m.from = agent.address;
  const std::size_t at = m.from.rfind('@');
  std::string domain = at == std::string::npos ? std::string() : m.from.substr(at + 1);
  if (!domain.empty() && domain.back() == '>') domain.pop_back();
  m.from_domain = smtp::lowercase(domain);
  const bool ham = agent.message_class == MessageClass::Ham;
  if (m.subject.empty()) m.subject = ham ? "A note from " + agent.name : "Cheap watches, 90% off today only";
  if (m.body.empty()) {
    m.body = ham ? "Hello,\n\nthis is a note from " + agent.name + ".\n"
                 : "Dear friend,\n\nour best watches are 90% off today only: http://offers.invalid/\n";
  }
}

void fill_agent(const ScenarioSpec& spec, AgentSpec& agent) {
  if (!agent.stop) agent.stop = spec.duration;
  // A spammer or bot without an address forges one in a reserved TLD (RFC 2606), so its
  // bounces go nowhere, as they do for most forged senders.
  if (agent.address.empty()) agent.address = agent.name + "@sender.invalid";
  fill_message(agent);
}

}  // namespace

void fill_defaults(ScenarioSpec& spec, const std::vector<MtaGiven>& given) {
  for (std::size_t i = 0; i < spec.mtas.size(); ++i) fill_mta(spec, spec.mtas[i], given[i]);
  for (AgentSpec& agent : spec.agents) fill_agent(spec, agent);
}

}  // namespace relaysim::scenario::detail
