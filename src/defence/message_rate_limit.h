// Postfix's smtpd_client_message_rate_limit, kept by the anvil server: at most `limit` MAIL
// FROM commands per client address in each anvil_rate_time_unit.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "sim/sim_time.h"

namespace relaysim::defence {

class MessageRateLimit {
 public:
  struct Config {
    int limit = 0;                               // 0: unlimited, as Postfix's default
    sim::SimTime time_unit = 60 * sim::kSecond;  // anvil_rate_time_unit
  };

  MessageRateLimit() : MessageRateLimit(Config{}) {}
  explicit MessageRateLimit(Config config) : config_(config) {}

  // Counts a MAIL FROM from `ip` and says whether it is within the limit; refused attempts
  // are counted too, as anvil does. (Postfix refuses with 450 4.7.1 Error: too much mail
  // from <ip>.)
  bool allow(std::uint32_t ip, sim::SimTime now);

  const Config& config() const { return config_; }

 private:
  // anvil counts in fixed windows: a window starts at a client's first event and ends once
  // more than time_unit has passed since; the next event then starts a new one.
  struct Window {
    sim::SimTime start;
    int count;
  };

  Config config_;
  std::unordered_map<std::uint32_t, Window> windows_;
};

}  // namespace relaysim::defence
