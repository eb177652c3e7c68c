// A DNS blocklist zone (RFC 5782): evidence against an address (a spam-trap hit, a
// complaint) gets it listed after a delay drawn from measured listing times, and it stays
// listed until `listed_for` has passed without new evidence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "defence/piecewise_cdf.h"
#include "sim/random_stream.h"
#include "sim/sim_time.h"

namespace relaysim::defence {

class BlocklistZone {
 public:
  struct Config {
    std::string zone = "dnsbl.example";
    PiecewiseCdf listing_delay = PiecewiseCdf::blocklist_listing_default();
    sim::SimTime listed_for = 7 * sim::kDay;  // after the last evidence
  };

  // The answer of a listed address, and RFC 5782's test entries (127.0.0.2 is always
  // listed, 127.0.0.1 never).
  static constexpr std::uint32_t kListedAnswer = 0x7F000002;
  static constexpr std::uint32_t kAlwaysListed = 0x7F000002;
  static constexpr std::uint32_t kNeverListed = 0x7F000001;

  // Draws from its own stream, seeded from (seed, "blocklist:" + zone); the zone name is
  // compared without case and a trailing dot.
  BlocklistZone(Config config, std::uint64_t seed);

  // Evidence against `ip` at `now`. When it starts a listing, returns the time the address
  // will be listed, so that the caller can schedule learning of it; evidence while a listing
  // is pending changes nothing, and while listed it extends the listing.
  std::optional<sim::SimTime> report(std::uint32_t ip, sim::SimTime now);

  bool listed(std::uint32_t ip, sim::SimTime now) const;
  // When the current or pending listing of `ip` ends (an address never reported: nullopt).
  std::optional<sim::SimTime> delisting_time(std::uint32_t ip) const;
  std::size_t listed_count(sim::SimTime now) const;

  // RFC 5782 lookup of "d.c.b.a.<zone>" (trailing dot optional, zone in any case): the A
  // record, 127.0.0.2, when listed; nullopt for unlisted addresses and other names.
  std::optional<std::uint32_t> query(std::string_view qname, sim::SimTime now) const;
  // The name to look up for `ip`: 192.0.2.1 in zen.example is "1.2.0.192.zen.example".
  static std::string query_name(std::uint32_t ip, std::string_view zone);

  const std::string& zone() const { return config_.zone; }
  const Config& config() const { return config_; }

 private:
  struct Entry {
    sim::SimTime listed_at;
    sim::SimTime delisted_at;
  };

  Config config_;
  sim::RandomStream random_;
  std::unordered_map<std::uint32_t, Entry> entries_;
};

}  // namespace relaysim::defence
