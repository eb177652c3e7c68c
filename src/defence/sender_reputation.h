// What a receiving provider thinks of each sending address: the share of its recent mail
// that was spam (flagged by the filter, or reported by recipients). Old mail counts less and
// less, so a reputation recovers once the spam stops. Mail from a poor sender goes to junk.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "sim/sim_time.h"

namespace relaysim::defence {

class SenderReputation {
 public:
  // Our model, not a published one: mailbox providers do not publish theirs.
  struct Config {
    sim::SimTime half_life = sim::kDay;  // the weight of a message halves this often
    double complaint_weight = 10;        // a complaint counts as this many spam messages
    double min_volume = 20;              // a sender with less (weighted) mail is judged as if it had this much
    double junk_below = 0.5;             // score under which its mail goes to junk
  };

  SenderReputation() : SenderReputation(Config{}) {}
  explicit SenderReputation(Config config) : config_(config) {}

  // Every message received from `ip`, then whether the filter flagged it or a recipient
  // reported it.
  void record_message(std::uint32_t ip, sim::SimTime now) { add(ip, now, 1, 0); }
  void record_spam(std::uint32_t ip, sim::SimTime now) { add(ip, now, 0, 1); }
  void record_complaint(std::uint32_t ip, sim::SimTime now) { add(ip, now, 0, config_.complaint_weight); }

  // 1 - (weighted spam) / max(weighted mail, min_volume), at least 0. An address never seen
  // scores 1: the benefit of the doubt.
  double score(std::uint32_t ip, sim::SimTime now) const;
  bool sends_to_junk(std::uint32_t ip, sim::SimTime now) const { return score(ip, now) < config_.junk_below; }

  const Config& config() const { return config_; }

 private:
  // Weights as of `updated`, decayed on reading, so that a quiet address costs nothing.
  struct Entry {
    double mail = 0;
    double spam = 0;
    sim::SimTime updated = 0;
  };

  double decay(const Entry& entry, sim::SimTime now) const;
  void add(std::uint32_t ip, sim::SimTime now, double mail, double spam);

  Config config_;
  std::unordered_map<std::uint32_t, Entry> entries_;
};

}  // namespace relaysim::defence
