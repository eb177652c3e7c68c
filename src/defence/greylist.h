// Greylisting as postgrey does it: the first attempt of each (client network, sender,
// recipient) triplet is deferred, a retry after `delay` passes, and a client whose retries
// have passed often enough is let through without delay (auto-whitelist).
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "sim/sim_time.h"

namespace relaysim::defence {

enum class GreylistAnswer {
  Pass,         // the triplet has waited its delay
  Greylisted,   // 450 4.2.0 ... Greylisted: try again later
  Whitelisted,  // an auto-whitelisted client: not looked up at all
};

class Greylist {
 public:
  // postgrey's defaults.
  struct Config {
    sim::SimTime delay = 300 * sim::kSecond;            // --delay
    sim::SimTime retry_window = 2 * sim::kDay;          // --retry-window: later first retries start over
    sim::SimTime max_age = 35 * sim::kDay;              // --max-age: entries not seen for this long go
    int auto_whitelist_after = 5;                       // --auto-whitelist-clients (0: never)
    sim::SimTime auto_whitelist_interval = sim::kHour;  // counts one pass per client per hour
    int client_prefix = 24;                             // --lookup-by-subnet groups clients by /24
  };

  Greylist() : Greylist(Config{}) {}
  explicit Greylist(Config config) : config_(config) {}

  // Answers the RCPT of `recipient` from `sender`, sent by `client_ip`, and remembers it.
  GreylistAnswer check(std::uint32_t client_ip, std::string_view sender, std::string_view recipient,
                       sim::SimTime now);

  std::size_t triplet_count() const { return triplets_.size(); }
  const Config& config() const { return config_; }

 private:
  struct Triplet {
    sim::SimTime first_seen;
    sim::SimTime last_seen;
  };
  struct Client {
    int passes = 0;  // counted at most once per auto_whitelist_interval
    sim::SimTime last_counted = 0;
  };

  bool whitelisted(std::uint32_t client_ip, sim::SimTime now);
  void count_pass(std::uint32_t client_ip, sim::SimTime now);
  std::uint64_t triplet_key(std::uint32_t client_ip, std::string_view sender,
                            std::string_view recipient) const;

  Config config_;
  // Keyed by a 64-bit hash of the triplet rather than the text itself, so that a lookup
  // allocates nothing. Two triplets share an entry only on a hash collision: with a million
  // triplets, a chance of about 3e-8 per run.
  std::unordered_map<std::uint64_t, Triplet> triplets_;
  // postgrey keys its client auto-whitelist by the full address, not the /24.
  std::unordered_map<std::uint32_t, Client> clients_;
};

}  // namespace relaysim::defence
