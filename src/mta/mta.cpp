#include "mta/mta.h"

#include <utility>

namespace relaysim::mta {

Mta::Mta(MtaConfig config, std::uint32_t index, MtaEnvironment& environment)
    : config_(std::move(config)), index_(index), environment_(environment), policy_(config_), retry_(config_.queue) {
  smtp_.hostname = config_.name;
  smtp_.auth_enabled = !config_.sasl_users.empty();
  smtp_.message_size_limit = config_.message_size_limit;
  smtp_.recipient_limit = config_.recipient_limit;
  smtp_.fast_flush_domains = &config_.relay_domains;  // Postfix: fast_flush_domains = $relay_domains
  submission_ = smtp_;
  submission_.submission = true;
}

bool Mta::check_credentials(std::string_view user, std::string_view password) {
  const auto it = config_.sasl_users.find(std::string(user));
  return it != config_.sasl_users.end() && it->second == password;
}

void Mta::change_policy(PolicyPreset preset) {
  config_.policy = preset;
  config_.relay_restrictions = preset_restrictions(preset);
}

smtp::Reply Mta::check_sender(const smtp::SessionFacts& facts, std::string_view) {
  return environment_.check_sender(*this, facts);
}

smtp::Reply Mta::check_recipient(const smtp::SessionFacts& facts, std::string_view forward_path) {
  last_decision_ = policy_.decide(facts, forward_path);
  // The submission service's own recipient restrictions replace the port-25 defences (and a bare
  // postmaster skips them all, as it skips the relay rules). VRFY meets
  // the relay rules and the recipient table only: the defences' policy services (postgrey,
  // policyd-spf) judge RCPT alone (a blocklist would answer VRFY too; the model leaves it to RCPT).
  const bool restricted = last_decision_.verdict != RelayVerdict::PermitBarePostmaster;
  if (restricted && last_decision_.reply.positive_completion() && !facts.submission && !facts.verifying) {
    environment_.check_recipient_restrictions(*this, facts, forward_path, last_decision_);
  }
  ++decisions_;
  return last_decision_.reply;
}

smtp::Reply Mta::accept_message(const smtp::SessionFacts& facts, const Envelope& envelope) {
  return environment_.accept(*this, facts, envelope);
}

}  // namespace relaysim::mta
