#include "world/connection_policy.h"

namespace relaysim::world {

mta::RecipientDecision decide_recipient(const mta::Mta& mta, Defences& defences, const smtp::SessionFacts& facts,
                                        std::string_view forward_path, sim::SimTime now) {
  mta::RecipientDecision decision = mta.relay_policy().decide(facts, forward_path);
  // The submission service's own recipient restrictions replace the port-25 defences (and a bare
  // postmaster skips them all, as it skips the relay rules). VRFY meets the relay rules and the
  // recipient table only: the defences' policy services (postgrey, policyd-spf) judge RCPT alone
  // (a blocklist would answer VRFY too; the model leaves it to RCPT).
  const bool restricted = decision.verdict != mta::RelayVerdict::PermitBarePostmaster;
  if (restricted && decision.reply.positive_completion() && !facts.submission && !facts.verifying) {
    defences.check_recipient(mta, facts, forward_path, decision, now);
  }
  return decision;
}

}  // namespace relaysim::world
