// What a receiving provider thinks of each sending address: a score in [0, 1] that spam and
// complaints lower and that recovers by itself over time. Mail from a low score goes to junk.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "sim/sim_time.h"

namespace relaysim::defence {

class SenderReputation {
 public:
  struct Config {
    double spam_penalty = 0.05;          // per spam message detected or known
    double complaint_penalty = 0.2;      // per recipient's "report spam"
    sim::SimTime half_life = sim::kDay;  // the deficit (1 - score) halves this often
    double junk_below = 0.5;
  };

  SenderReputation() : SenderReputation(Config{}) {}
  explicit SenderReputation(Config config) : config_(config) {}

  void record_spam(std::uint32_t ip, sim::SimTime now) { lower(ip, now, config_.spam_penalty); }
  void record_complaint(std::uint32_t ip, sim::SimTime now) { lower(ip, now, config_.complaint_penalty); }

  // An address never seen scores 1: the benefit of the doubt.
  double score(std::uint32_t ip, sim::SimTime now) const;
  bool sends_to_junk(std::uint32_t ip, sim::SimTime now) const { return score(ip, now) < config_.junk_below; }

  const Config& config() const { return config_; }

 private:
  // The deficit is stored as of `updated` and decayed on reading, so that recovery costs
  // nothing while an address is quiet.
  struct Entry {
    double deficit;
    sim::SimTime updated;
  };

  double deficit_at(const Entry& entry, sim::SimTime now) const;
  void lower(std::uint32_t ip, sim::SimTime now, double penalty);

  Config config_;
  std::unordered_map<std::uint32_t, Entry> entries_;
};

}  // namespace relaysim::defence
