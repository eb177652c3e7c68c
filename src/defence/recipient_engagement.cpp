#include "defence/recipient_engagement.h"

#include <cstdio>
#include <stdexcept>
#include <utility>

namespace relaysim::defence {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// P(click | opened) such that P(click) = click, since only an opened message is clicked.
double click_given_open(double open, double click) { return open > 0 ? click / open : 0; }

}  // namespace

std::optional<std::string> RecipientEngagement::Config::problem() const {
  const std::pair<const char*, double> rates[] = {{"open", open},
                                                  {"click", click},
                                                  {"junk_open", junk_open},
                                                  {"junk_click", junk_click},
                                                  {"complaint", complaint}};
  for (const auto& [name, p] : rates) {
    if (!(p >= 0 && p <= 1)) return std::string(name) + " must be between 0 and 1, got " + number(p);
  }
  if (click > open) return std::string("click cannot exceed open: a click implies an open");
  if (junk_click > junk_open)
    return std::string("junk_click cannot exceed junk_open: a click implies an open");
  return std::nullopt;
}

RecipientEngagement::RecipientEngagement(Config config) : config_(config) {
  if (auto problem = config_.problem()) throw std::invalid_argument("recipient engagement: " + *problem);
}

RecipientEngagement::Reaction RecipientEngagement::react(bool is_spam, bool in_junk,
                                                         sim::RandomStream& random) const {
  const double open = in_junk ? config_.junk_open : config_.open;
  const double click = in_junk ? config_.junk_click : config_.click;
  const double open_draw = random.uniform01();
  const double click_draw = random.uniform01();
  const double complaint_draw = random.uniform01();
  Reaction reaction{};
  reaction.opened = open_draw < open;
  reaction.clicked = reaction.opened && click_draw < click_given_open(open, click);
  reaction.complained = is_spam && !in_junk && complaint_draw < config_.complaint;
  return reaction;
}

}  // namespace relaysim::defence
