// The keys allowed at each level of a scenario file: the single source the key checker,
// the suggestions ("did you mean") and the documentation test all read.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "scenario/yaml_input.h"

namespace relaysim::scenario::keys {

inline constexpr std::array<KeyRule, 8> kScenario{{
    {"name", true}, {"description"}, {"seed"}, {"duration", true},
    {"domains"}, {"mtas", true}, {"links"}, {"agents"},
}};

inline constexpr std::array<KeyRule, 2> kDomain{{{"mx"}, {"address"}}};

inline constexpr std::array<KeyRule, 2> kMxRecord{{{"host", true}, {"pref"}}};

inline constexpr std::array<KeyRule, 16> kMta{{
    {"ip", true}, {"policy"}, {"relay_restrictions"}, {"mydestination"},
    {"relay_domains"}, {"mynetworks"}, {"local_recipients"}, {"sasl_users"},
    {"submission"}, {"relayhost"}, {"allow_untrusted_routing"}, {"recipient_limit"},
    {"message_size_limit"}, {"max_sessions"}, {"queue"}, {"down"},
}};

inline constexpr std::array<KeyRule, 4> kQueue{{
    {"queue_run_delay"}, {"minimal_backoff"}, {"maximal_backoff"}, {"maximal_lifetime"},
}};

inline constexpr std::array<KeyRule, 2> kLinks{{{"default_latency"}, {"between"}}};

inline constexpr std::array<KeyRule, 3> kLink{{{"a", true}, {"b", true}, {"latency", true}}};

inline constexpr std::array<KeyRule, 18> kAgent{{
    {"kind", true}, {"name", true}, {"class"}, {"address"}, {"ip"},
    {"via"}, {"login"}, {"password"}, {"rate"}, {"messages"},
    {"start"}, {"stop"}, {"to"}, {"random_recipients"}, {"recipients_per_message"},
    {"size"}, {"bots"}, {"network"},
}};

inline constexpr std::array<KeyRule, 2> kRandomRecipients{{{"domains", true}, {"count", true}}};

// Agent keys that only some kinds may use, and why the others may not.
inline constexpr std::uint8_t kUser = 1, kSpammer = 2, kBot = 4;
struct KindRule {
  std::string_view key;
  std::uint8_t kinds;   // the kinds that may use it
  std::string_view why;  // said to the others
};
inline constexpr std::array<KindRule, 6> kAgentKinds{{
    {"via", kUser | kSpammer, "bots send straight to the recipients' MX"},
    {"ip", kUser | kSpammer, "a bot's addresses come from network:"},
    {"login", kUser | kSpammer, "bots do not authenticate"},
    {"password", kUser | kSpammer, "bots do not authenticate"},
    {"bots", kBot, "it is the size of a botnet (kind: bot)"},
    {"network", kBot, "it is where a botnet's addresses come from (kind: bot)"},
}};

// Every level, named as in docs/scenario-reference.md, for the test that keeps the two in step.
struct Level {
  std::string_view name;
  std::span<const KeyRule> rules;
};
inline constexpr std::array<Level, 9> kAllLevels{{
    {"scenario", kScenario}, {"domain", kDomain}, {"MX record", kMxRecord}, {"MTA", kMta},
    {"queue", kQueue}, {"links", kLinks}, {"link", kLink}, {"agent", kAgent},
    {"random_recipients", kRandomRecipients},
}};

}  // namespace relaysim::scenario::keys
