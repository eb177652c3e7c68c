#include "defence/sender_reputation.h"

#include <algorithm>
#include <cmath>

namespace relaysim::defence {

double SenderReputation::decay(const Entry& entry, sim::SimTime now) const {
  const sim::SimTime elapsed = std::max<sim::SimTime>(now - entry.updated, 0);
  if (config_.half_life <= 0) return elapsed > 0 ? 0 : 1;  // no memory at all
  return std::exp2(-static_cast<double>(elapsed) / static_cast<double>(config_.half_life));
}

double SenderReputation::score(std::uint32_t ip, sim::SimTime now) const {
  const auto found = entries_.find(ip);
  if (found == entries_.end()) return 1;
  const double factor = decay(found->second, now);
  const double mail = std::max(found->second.mail * factor, config_.min_volume);
  return std::max(0.0, 1 - found->second.spam * factor / std::max(mail, 1e-12));
}

void SenderReputation::add(std::uint32_t ip, sim::SimTime now, double mail, double spam) {
  Entry& entry = entries_[ip];
  const double factor = decay(entry, now);
  entry.mail = entry.mail * factor + mail;
  entry.spam = entry.spam * factor + spam;
  entry.updated = std::max(entry.updated, now);
}

}  // namespace relaysim::defence
