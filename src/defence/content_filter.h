// A content filter (SpamAssassin, Rspamd and the like) reduced to its two error rates: how
// much spam it catches and how much good mail it wrongly flags.
#pragma once

#include "sim/random_stream.h"

namespace relaysim::defence {

class ContentFilter {
 public:
  struct Config {
    double detection = 0.95;        // P(flagged | spam)
    double false_positive = 0.005;  // P(flagged | ham)
  };

  ContentFilter() : ContentFilter(Config{}) {}
  // Rates outside [0, 1] throw std::invalid_argument.
  explicit ContentFilter(Config config);

  // One uniform draw per message, whatever the rates, so that comparing two filters on the
  // same seed changes only their verdicts and not the rest of the stream.
  bool flags(bool is_spam, sim::RandomStream& random) const {
    return random.uniform01() < (is_spam ? config_.detection : config_.false_positive);
  }

  const Config& config() const { return config_; }

 private:
  Config config_;
};

}  // namespace relaysim::defence
