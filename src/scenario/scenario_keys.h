// The keys allowed at each level of a scenario file: the single source the key checker,
// the suggestions ("did you mean") and the documentation test all read.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "text/catalog.h"

#include "scenario/yaml_input.h"

namespace relaysim::scenario::keys {

inline constexpr auto kScenario = std::to_array<KeyRule>({
    {"name", true}, {"title"}, {"description"}, {"seed"}, {"duration", true},
    {"domains"}, {"mtas", true}, {"links"}, {"agents"}, {"experiment"},
    {"metrics_interval"}, {"blocklists"}, {"engagement"}, {"key_messages"}, {"translations"},
    {"start"},
});

// The languages a scenario's title and description may be given in besides English.
inline constexpr auto kTranslations = std::to_array<KeyRule>({{"es"}});
inline constexpr auto kTranslation = std::to_array<KeyRule>({{"title"}, {"description"}});

inline constexpr auto kDomain = std::to_array<KeyRule>({{"mx"}, {"address"}, {"spf"}, {"dmarc"}, {"dkim"}});

inline constexpr auto kMxRecord = std::to_array<KeyRule>({{"host", true}, {"pref"}});

inline constexpr auto kMta = std::to_array<KeyRule>({
    {"ip", true}, {"policy"}, {"relay_restrictions"}, {"mydestination"},
    {"relay_domains"}, {"relay_recipients"}, {"mynetworks"}, {"local_recipients"}, {"forwards"}, {"sasl_users"},
    {"submission"}, {"relayhost"}, {"allow_untrusted_routing"}, {"recipient_limit"},
    {"message_size_limit"}, {"max_sessions"}, {"queue"}, {"down"},
    {"recipient_restrictions"}, {"greylisting"}, {"client_message_rate_limit"}, {"content_filter"},
    {"dmarc"}, {"reputation"}, {"closes_relay"}, {"postfix"}, {"alters_messages"},
});

inline constexpr auto kBlocklist = std::to_array<KeyRule>({{"listing_delay"}, {"listed_for"}, {"traps"}, {"complaints"}});
inline constexpr auto kEngagement =
    std::to_array<KeyRule>({{"open"}, {"click"}, {"junk_open"}, {"junk_click"}, {"complaint"}});
inline constexpr auto kGreylisting =
    std::to_array<KeyRule>({{"delay"}, {"retry_window"}, {"max_age"}, {"auto_whitelist"}, {"group_by"}});
inline constexpr auto kContentFilter = std::to_array<KeyRule>({{"detection"}, {"false_positives"}, {"action"}});
inline constexpr auto kReputation =
    std::to_array<KeyRule>({{"junk_below"}, {"complaint_weight"}, {"min_volume"}, {"half_life"}});
inline constexpr auto kClosesRelay = std::to_array<KeyRule>({{"listed_in", true}, {"after"}, {"policy"}});
inline constexpr auto kHunt = std::to_array<KeyRule>({{"network", true}, {"rate"}, {"share_after"}, {"chain"}});

inline constexpr auto kQueue = std::to_array<KeyRule>({
    {"queue_run_delay"}, {"minimal_backoff"}, {"maximal_backoff"}, {"maximal_lifetime"},
});

inline constexpr auto kLinks = std::to_array<KeyRule>({{"default_latency"}, {"between"}});

inline constexpr auto kLink = std::to_array<KeyRule>({{"a", true}, {"b", true}, {"latency", true}});

inline constexpr auto kAgent = std::to_array<KeyRule>({
    {"kind", true}, {"name", true}, {"class"}, {"address"}, {"ip"},
    {"via"}, {"login"}, {"password"}, {"rate"}, {"messages"},
    {"start"}, {"stop"}, {"to"}, {"random_recipients"}, {"recipients_per_message"},
    {"size"}, {"bots"}, {"network"}, {"hunt"}, {"lifetime"},
    {"message"},
});

// What an agent's messages say: the header From, the Subject and the body.
inline constexpr auto kMessage = std::to_array<KeyRule>({{"from"}, {"subject"}, {"body"}, {"dkim"}});
// The DKIM signature the agent's software adds: d= and s=.
inline constexpr auto kDkimSignature = std::to_array<KeyRule>({{"domain", true}, {"selector", true}});

inline constexpr auto kRandomRecipients = std::to_array<KeyRule>({{"domains", true}, {"count", true}});

// experiment: (read by `relaysim experiment`; variants and sweep hold author-chosen names and paths).
inline constexpr auto kExperiment = std::to_array<KeyRule>({{"replications"}, {"variants"}, {"sweep"}});

// Agent keys that only some kinds may use, and why the others may not.
inline constexpr std::uint8_t kUser = 1, kSpammer = 2, kBot = 4;
struct KindRule {
  std::string_view key;
  std::uint8_t kinds;   // the kinds that may use it
  std::string_view why;  // said to the others
};
inline constexpr auto kAgentKinds = std::to_array<KindRule>({
    {"via", kUser | kSpammer, text::N_("bots send straight to the recipients' MX")},
    {"ip", kUser | kSpammer, text::N_("a bot's addresses come from network:")},
    {"login", kUser | kSpammer, text::N_("bots do not authenticate")},
    {"password", kUser | kSpammer, text::N_("bots do not authenticate")},
    {"bots", kBot, text::N_("it is the size of a botnet (kind: bot)")},
    {"network", kBot, text::N_("it is where a botnet's addresses come from (kind: bot)")},
    {"hunt", kSpammer, text::N_("relay hunting is what spammers do (kind: spammer)")},
    {"lifetime", kBot, text::N_("it is how long each bot of a botnet lives (kind: bot)")},
});

// Every level, named as in docs/scenario-reference.md, for the test that keeps the two in step.
struct Level {
  std::string_view name;
  std::span<const KeyRule> rules;
};
inline constexpr auto kAllLevels = std::to_array<Level>({
    {"scenario", kScenario}, {"domain", kDomain}, {"MX record", kMxRecord}, {"MTA", kMta},
    {"queue", kQueue}, {"links", kLinks}, {"link", kLink}, {"agent", kAgent},
    {"random_recipients", kRandomRecipients}, {"blocklist", kBlocklist}, {"engagement", kEngagement},
    {"greylisting", kGreylisting}, {"content_filter", kContentFilter}, {"reputation", kReputation},
    {"closes_relay", kClosesRelay}, {"hunt", kHunt}, {"message", kMessage}, {"dkim", kDkimSignature},
    {"experiment", kExperiment}, {"translations", kTranslations}, {"translation", kTranslation},
});

}  // namespace relaysim::scenario::keys
