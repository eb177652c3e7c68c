#include "mta/mta.h"

#include <utility>

#include "sim/prefetch.h"

namespace relaysim::mta {

Mta::Mta(MtaConfig config, std::uint32_t index, QueueEntryPool& queue_entries)
    : config_(std::move(config)), index_(index), policy_(config_), retry_(config_.queue), queue_(queue_entries) {
  smtp_.hostname = config_.name;
  smtp_.auth_enabled = !config_.sasl_users.empty();
  smtp_.message_size_limit = config_.message_size_limit;
  smtp_.recipient_limit = config_.recipient_limit;
  smtp_.fast_flush_domains = &config_.relay_domains;  // Postfix: fast_flush_domains = $relay_domains
  submission_ = smtp_;
  submission_.submission = true;
}

bool Mta::check_credentials(std::string_view user, std::string_view password) const {
  const auto it = config_.sasl_users.find(user);
  return it != config_.sasl_users.end() && it->second == password;
}

void Mta::change_policy(PolicyPreset preset) {
  config_.policy = preset;
  config_.relay_restrictions = preset_restrictions(preset);
}

void Mta::warm() const { sim::prefetch_object(*this); }

void Mta::warm_referenced() const {
  sim::prefetch(config_.name.data());
  sim::prefetch(config_.relay_restrictions.data());
  sim::prefetch(config_.mydestination.data());
  for (const std::string& domain : config_.mydestination) sim::prefetch(domain.data());
  sim::prefetch(config_.relay_domains.data());
  sim::prefetch(config_.mynetworks.data());
  sim::prefetch(config_.local_recipients.data());
  if (!config_.sasl_users.empty()) {
    // The first account: most servers have only the one.
    const auto& account = *config_.sasl_users.begin();
    sim::prefetch(&account);
    sim::prefetch(account.first.data());
    sim::prefetch(account.second.data());
  }
  queue_.warm();
}

}  // namespace relaysim::mta
