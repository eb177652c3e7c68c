// How recipients react to a delivered message: whether they open it, click in it, and, for
// spam in the inbox, report it. These reactions feed sender reputation and blocklists.
#pragma once

#include <optional>
#include <string>

#include "sim/random_stream.h"

namespace relaysim::defence {

class RecipientEngagement {
 public:
  struct Config {
    // Probabilities per delivered message in the inbox. Email marketing reports open rates
    // of 15-22 % and click rates (clicks / delivered) of 2-5 %: Mailchimp 2019, 22.71 % and
    // 2.91 %; Campaign Monitor 2019, 17.92 % and 2.69 %.
    double open = 0.20;
    double click = 0.03;  // a click implies an open
    // In the junk folder few look and fewer click (our assumption; nothing published).
    double junk_open = 0.02;
    double junk_click = 0.002;
    // A spam message in the inbox is reported as spam (our assumption).
    double complaint = 0.01;

    // What is wrong with these numbers, or nullopt when they are usable.
    std::optional<std::string> problem() const;
  };

  struct Reaction {
    bool opened = false;
    bool clicked = false;
    bool complained = false;
  };

  RecipientEngagement() : RecipientEngagement(Config{}) {}
  // A config with a problem() throws std::invalid_argument.
  explicit RecipientEngagement(Config config);

  // Users open and click spam at the same rates as ham in the same folder (a simplification:
  // nothing published separates them); only spam is reported, and only from the inbox.
  // Exactly three uniform draws per call, so that changing a rate does not shift the
  // stream's later draws.
  Reaction react(bool is_spam, bool in_junk, sim::RandomStream& random) const;

  const Config& config() const { return config_; }

 private:
  Config config_;
};

}  // namespace relaysim::defence
