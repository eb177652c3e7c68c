#include "defence/sender_reputation.h"

#include <algorithm>
#include <cmath>

namespace relaysim::defence {

double SenderReputation::score(std::uint32_t ip, sim::SimTime now) const {
  const auto found = entries_.find(ip);
  if (found == entries_.end()) return 1;
  return 1 - deficit_at(found->second, now);
}

double SenderReputation::deficit_at(const Entry& entry, sim::SimTime now) const {
  const sim::SimTime elapsed = std::max<sim::SimTime>(now - entry.updated, 0);
  if (config_.half_life <= 0) return elapsed > 0 ? 0 : entry.deficit;  // no memory at all
  const double half_lives = static_cast<double>(elapsed) / static_cast<double>(config_.half_life);
  return entry.deficit * std::exp2(-half_lives);
}

void SenderReputation::lower(std::uint32_t ip, sim::SimTime now, double penalty) {
  const auto [found, is_new] = entries_.try_emplace(ip, Entry{0, now});
  Entry& entry = found->second;
  const double deficit = is_new ? 0 : deficit_at(entry, now);
  entry.deficit = std::clamp(deficit + penalty, 0.0, 1.0);
  entry.updated = std::max(entry.updated, now);
}

}  // namespace relaysim::defence
