#include "scenario/scenario_loader.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "scenario/scenario_errors_test.h"
#include "scenario/scenario_keys.h"
#include "scenario/spec_names.h"
#include "scenario/units.h"

using namespace relaysim::scenario;
namespace sim = relaysim::sim;

namespace {

using testing::errors_of;

// A small valid scenario to which a test adds the part it is about.
const std::string kBase = R"(name: t
duration: 6h
domains:
  a.example: { mx: [mx.a.example] }
mtas:
  mx.a.example: { ip: 192.0.2.10 }
)";

const MtaSpec& mta(const ScenarioSpec& spec, std::string_view name) {
  for (const MtaSpec& m : spec.mtas) {
    if (m.name == name) return m;
  }
  FAIL("no MTA " << name);
  throw;
}

const std::string kFull = R"(name: open-relay
description: A campus server left open
seed: 7
duration: 6h
domains:
  Campus.Example: { mx: [MX.campus.example] }
  victim.example: { mx: [{ host: mx2.victim.example, pref: 20 }, { host: mx1.victim.example, pref: 10 }] }
  nomail.example: { mx: ["."] }
  bare.example: { address: 198.51.100.77 }
mtas:
  mx.campus.example:
    ip: 192.0.2.10
    policy: open
    mynetworks: [192.0.2.0/24, 10.0.0.1]
    local_recipients: [alice, bob]
    sasl_users: { alice: secret }
    submission: true
    message_size_limit: 10MB
    queue: { queue_run_delay: 5m, maximal_lifetime: 5d }
    down: [[3h, 4h], [1h, 2h]]
  mx1.victim.example: { ip: 198.51.100.5, policy: closed }
  mx2.victim.example: { ip: 198.51.100.6, relayhost: mx1.victim.example }
  bare.host.example: { ip: 198.51.100.77, policy: mynetworks }
links:
  default_latency: 30ms
  between:
    - { a: mx.campus.example, b: mx1.victim.example, latency: 120ms }
    - { a: alice, b: mx.campus.example, latency: 5ms }
agents:
  - { kind: user, name: alice, address: alice@campus.example, via: mx.campus.example, login: alice,
      password: secret, rate: 20/h, to: [bob@victim.example] }
  - { kind: spammer, name: s1, ip: 203.0.113.7, address: "promo@spam.example", via: [mx.campus.example],
      rate: 600/h, random_recipients: { domains: [victim.example], count: 5000 }, recipients_per_message: 5,
      to: ["user%victim.example@mx.campus.example"], size: 1.5KB, start: 30m, stop: 5h }
  - { kind: bot, name: botnet1, bots: 50, network: 203.0.114.0/24, rate: 100/h, messages: 20,
      random_recipients: {domains: [victim.example], count: 1000} }
)";

}  // namespace

TEST_CASE("a complete scenario loads with names lower-cased and MX records sorted by preference", "[loader]") {
  ScenarioSpec s = parse_scenario(kFull, "full.yaml");
  CHECK(s.name == "open-relay");
  CHECK(s.description == "A campus server left open");
  CHECK(s.file == "full.yaml");
  CHECK(s.seed == 7);
  CHECK(s.duration == 6 * sim::kHour);
  REQUIRE(s.domains.size() == 4);
  CHECK(s.domains[0].name == "campus.example");
  CHECK(s.domains[0].mx[0].host == "mx.campus.example");
  CHECK(s.domains[0].mx[0].preference == 10);
  CHECK(s.domains[1].mx[0].host == "mx1.victim.example");
  CHECK(s.domains[1].mx[1].host == "mx2.victim.example");
  CHECK(s.domains[2].null_mx);
  CHECK(s.domains[2].mx.empty());
  CHECK(s.domains[3].address == 0xC6336440u + 0x0D);  // 198.51.100.77
  REQUIRE(s.mtas.size() == 4);
  const MtaSpec& campus = s.mtas[0];
  CHECK(campus.ip == 0xC000020Au);
  CHECK(campus.policy == PolicyPreset::Open);
  CHECK(campus.mynetworks.size() == 2);
  CHECK(campus.local_recipients == std::vector<std::string>{"alice", "bob"});
  CHECK(campus.sasl_users.at("alice") == "secret");
  CHECK(campus.submission);
  CHECK(campus.message_size_limit == 10000000);
  CHECK(campus.queue.queue_run_delay == 5 * sim::kMinute);
  CHECK(campus.queue.maximal_backoff == 4000 * sim::kSecond);
  REQUIRE(campus.down.size() == 2);
  CHECK(campus.down[0].from == 1 * sim::kHour);  // sorted
  CHECK(campus.down[1].to == 4 * sim::kHour);
  CHECK(mta(s, "mx2.victim.example").relayhost == "mx1.victim.example");
  CHECK(s.default_latency == 30 * sim::kMillisecond);
  REQUIRE(s.links.size() == 2);
  CHECK(s.links[1].a == "alice");
  CHECK(s.links[1].latency == 5 * sim::kMillisecond);
}

TEST_CASE("agents get their kind's defaults and keep raw recipients exactly as written", "[loader]") {
  ScenarioSpec s = parse_scenario(kFull, "full.yaml");
  REQUIRE(s.agents.size() == 3);
  const AgentSpec& alice = s.agents[0];
  CHECK(alice.kind == AgentKind::User);
  CHECK(alice.message_class == MessageClass::Ham);
  CHECK(alice.via == std::vector<std::string>{"mx.campus.example"});
  CHECK(alice.login == "alice");
  CHECK(alice.password == "secret");
  CHECK(alice.rate_per_hour == Approx(20));
  CHECK(alice.ip == 0);
  CHECK(alice.start == 0);
  CHECK(alice.stop == 6 * sim::kHour);
  CHECK(alice.recipients_per_message == 1);
  CHECK(alice.message_size == 20000);
  const AgentSpec& s1 = s.agents[1];
  CHECK(s1.message_class == MessageClass::Spam);
  CHECK(s1.to == std::vector<std::string>{"user%victim.example@mx.campus.example"});
  CHECK(s1.random_to.domains == std::vector<std::string>{"victim.example"});
  CHECK(s1.random_to.count == 5000);
  CHECK(s1.message_size == 1500);
  CHECK(s1.start == 30 * sim::kMinute);
  CHECK(s1.stop == 5 * sim::kHour);
  const AgentSpec& bot = s.agents[2];
  CHECK(bot.kind == AgentKind::Bot);
  CHECK(bot.bots == 50);
  CHECK(format_cidr(bot.bot_network) == "203.0.114.0/24");
  CHECK(bot.messages == 20u);
  CHECK(bot.address == "botnet1@sender.invalid");
  CHECK(bot.via.empty());
}

TEST_CASE("mydestination and relay_domains default to what the MX records say", "[loader][defaults]") {
  ScenarioSpec s = parse_scenario(kFull, "full.yaml");
  using V = std::vector<std::string>;
  CHECK(mta(s, "mx.campus.example").mydestination == V{"campus.example"});
  CHECK(mta(s, "mx.campus.example").relay_domains.empty());
  CHECK(mta(s, "mx1.victim.example").mydestination == V{"victim.example"});
  CHECK(mta(s, "mx2.victim.example").mydestination.empty());
  CHECK(mta(s, "mx2.victim.example").relay_domains == V{"victim.example"});  // backup MX
  CHECK(mta(s, "bare.host.example").mydestination == V{"bare.example"});     // implicit MX: its address
}

TEST_CASE("each policy preset fills in its restriction list when none is given", "[loader][defaults]") {
  ScenarioSpec s = parse_scenario(kFull, "full.yaml");
  using enum Restriction;
  using V = std::vector<Restriction>;
  CHECK(mta(s, "mx.campus.example").relay_restrictions ==
        V{PermitMynetworks, PermitSaslAuthenticated, RejectUnauthDestination});  // open: with mynetworks 0.0.0.0/0
  CHECK(mta(s, "mx1.victim.example").relay_restrictions == V{RejectUnauthDestination});
  CHECK(mta(s, "mx2.victim.example").relay_restrictions ==
        V{PermitMynetworks, PermitSaslAuthenticated, RejectUnauthDestination});  // authenticated
  CHECK(mta(s, "bare.host.example").relay_restrictions == V{PermitMynetworks, RejectUnauthDestination});
  CHECK(mta(s, "mx2.victim.example").mynetworks.size() == 1);
  CHECK(format_cidr(mta(s, "mx2.victim.example").mynetworks[0]) == "198.51.100.6/32");
}

TEST_CASE("values given explicitly override the defaults, even when empty", "[loader][defaults]") {
  ScenarioSpec s = parse_scenario(kBase + R"(    # no effect: a comment
  mx.b.example:
    ip: 192.0.2.11
    mynetworks: []
    mydestination: []
    relay_restrictions: [permit_mynetworks, permit, reject_unauth_destination]
)",
                                  "t.yaml");
  const MtaSpec& b = mta(s, "mx.b.example");
  CHECK(b.mynetworks.empty());
  CHECK(b.mydestination.empty());
  using enum Restriction;
  CHECK(b.relay_restrictions == std::vector<Restriction>{PermitMynetworks, Permit, RejectUnauthDestination});
  CHECK(mta(s, "mx.a.example").mydestination == std::vector<std::string>{"a.example"});
}

TEST_CASE("equally preferred MX hosts are all final destinations", "[loader][defaults]") {
  ScenarioSpec s = parse_scenario(R"(name: t
duration: 1h
domains:
  a.example: { mx: [mx1.a.example, mx2.a.example] }
mtas:
  mx1.a.example: { ip: 192.0.2.1 }
  mx2.a.example: { ip: 192.0.2.2 }
)",
                                  "t.yaml");
  CHECK(s.mtas[0].mydestination == std::vector<std::string>{"a.example"});
  CHECK(s.mtas[1].mydestination == std::vector<std::string>{"a.example"});
  CHECK(s.mtas[1].relay_domains.empty());
}

TEST_CASE("every error in a file is reported in one pass, sorted by position", "[loader][errors]") {
  CHECK(errors_of(R"(name: t
agents:
  - { kind: user, name: u, address: u@a.example, via: mx.b.example, rate: 1/h, to: [x@y] }
mtas:
  mx.a.example: { ip: 192.0.2.10, policy: opne }
duration: 6x
)") == std::vector<std::string>{
             "t.yaml:3:55: error: via 'mx.b.example' is not an MTA of this scenario, did you mean 'mx.a.example'?",
             "t.yaml:5:43: error: policy: unknown policy 'opne', did you mean 'open'?",
             "t.yaml:6:11: error: duration: '6x' has an unknown unit 'x': expected a duration like 250ms, 5m, 2h "
             "(units: us, ms, s, m, h, d, w)",
         });
}

TEST_CASE("a file that cannot be opened is reported without a position", "[loader][errors]") {
  try {
    load_scenario_file("/nonexistent/relaysim/none.yaml");
    FAIL("loaded a file that does not exist");
  } catch (const ScenarioError& e) {
    CHECK(std::string(e.what()) == "/nonexistent/relaysim/none.yaml: error: cannot open: No such file or directory");
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].line == 0);
  }
}

TEST_CASE("an empty file or one with two documents is refused", "[loader][errors]") {
  CHECK(errors_of("# nothing\n") ==
        std::vector<std::string>{"t.yaml:1:1: error: the file is empty (or only comments): a scenario needs at least name:, duration: and mtas:"});
  CHECK(errors_of(kBase + "---\nname: again\n") ==
        std::vector<std::string>{"t.yaml:7:1: error: a scenario file holds one YAML document; this is a second one"});
}

TEST_CASE("a YAML syntax error becomes a positioned diagnostic", "[loader][errors]") {
  CHECK(errors_of("name: t\nmtas: { a: 1\nduration: 1h\n") ==
        std::vector<std::string>{"t.yaml:3:9: error: invalid YAML: a '{' mapping is not closed: expected '}'"});
}

TEST_CASE("a stray comma is a syntax error, not an endless load (yaml-cpp 0.7 LoadAll bug)", "[loader][errors]") {
  CHECK(errors_of(",\n" + kBase) == std::vector<std::string>{"t.yaml:1:1: error: invalid YAML: unexpected ','"});
  CHECK(errors_of("name: t\n...\n,\n") == std::vector<std::string>{"t.yaml:3:1: error: invalid YAML: unexpected ','"});
}

TEST_CASE("a key given twice in one mapping is reported with the first one's line", "[loader][errors]") {
  CHECK(errors_of(kBase + "duration: 5h\n") ==
        std::vector<std::string>{"t.yaml:7:1: error: duplicate key 'duration' in the scenario (first at line 2)"});
  CHECK(errors_of(kBase + "  MX.A.example: { ip: 192.0.2.11 }\n") ==
        std::vector<std::string>{"t.yaml:7:3: error: duplicate MTA 'mx.a.example' (first at line 6)"});
}

TEST_CASE("an unknown key without a close match lists the allowed keys", "[loader][errors]") {
  CHECK(errors_of(kBase + "links: { banana: 1 }\n") ==
        std::vector<std::string>{"t.yaml:7:10: error: unknown key 'banana' in links (allowed: default_latency, between)"});
}

TEST_CASE("a value of the wrong shape says what was expected and what was found", "[loader][errors]") {
  CHECK(errors_of(R"(name: t
duration: [1h]
mtas:
  mx.a.example: { ip: 192.0.2.10, mynetworks: 192.0.2.0/24, submission: yes, queue: 5m }
)") == std::vector<std::string>{
             "t.yaml:2:11: error: duration: expected a duration like 250ms, 5m, 2h, got a list",
             "t.yaml:4:47: error: mynetworks: expected a list of networks like [192.0.2.0/24], got '192.0.2.0/24'",
             "t.yaml:4:73: error: submission: expected true or false, got 'yes'",
             "t.yaml:4:85: error: queue of MTA 'mx.a.example': expected a mapping, got '5m'",
         });
}

TEST_CASE("an empty value is reported at its key", "[loader][errors]") {
  CHECK(errors_of("name:\nduration: 1h\nmtas:\n  mx.a.example: { ip: 192.0.2.10 }\n") ==
        std::vector<std::string>{"t.yaml:1:1: error: name: expected a string, got nothing"});
}

TEST_CASE("a scenario needs at least one MTA", "[loader][errors]") {
  CHECK(errors_of("name: t\nduration: 1h\nmtas: {}\n") ==
        std::vector<std::string>{"t.yaml:3:7: error: mtas: a scenario needs at least one MTA"});
  CHECK(errors_of("name: t\nduration: 1h\n") ==
        std::vector<std::string>{"t.yaml:1:1: error: missing required key 'mtas' in the scenario"});
}

TEST_CASE("references to undefined domains, MTAs and agents are reported with a suggestion", "[loader][errors]") {
  CHECK(errors_of(R"(name: t
duration: 1h
domains:
  a.example: { mx: [mx.a.example, { host: mx.c.example, pref: 20 }] }
mtas:
  mx.a.example: { ip: 192.0.2.10, relayhost: mx.a.exampel, relay_domains: [a.example] }
  mx.b.example: { ip: 192.0.2.11, mydestination: [b.example], relayhost: mx.b.example }
links:
  between: [{ a: mx.a.example, b: alcie, latency: 1ms }]
agents:
  - { kind: user, name: alice, address: a@a.example, via: mx.a.example, rate: 1/h,
      random_recipients: { domains: [a.exmaple], count: 1 } }
)") == std::vector<std::string>{
             "t.yaml:4:43: error: MX host 'mx.c.example' is not an MTA of this scenario, did you mean 'mx.a.example'?",
             "t.yaml:6:46: error: relayhost 'mx.a.exampel' is not an MTA of this scenario, did you mean 'mx.a.example'?",
             "t.yaml:7:51: error: mydestination 'b.example' is not a domain of this scenario, did you mean 'a.example'?",
             "t.yaml:7:74: error: relayhost: MTA 'mx.b.example' cannot be its own relayhost",
             "t.yaml:9:35: error: link end 'alcie' is not an MTA or agent of this scenario, did you mean 'alice'?",
             "t.yaml:12:38: error: random_recipients domain 'a.exmaple' is not a domain of this scenario, did you mean "
             "'a.example'?",
         });
}

TEST_CASE("a domain cannot be both delivered locally and relayed", "[loader][errors]") {
  CHECK(errors_of(kBase + "    # b\n  mx.b.example: { ip: 192.0.2.11, mydestination: [a.example], relay_domains: [A.example] }\n") ==
        std::vector<std::string>{"t.yaml:8:79: error: relay_domains: 'a.example' is also in mydestination"});
}

TEST_CASE("an explicit relay_domains entry keeps the domain out of the derived mydestination", "[loader][defaults]") {
  ScenarioSpec s = parse_scenario(kBase + "  mx.b.example: { ip: 192.0.2.11, relay_domains: [a.example] }\n"
                                          "  mx.c.example: { ip: 192.0.2.12, mydestination: [a.example] }\n",
                                  "t.yaml");
  CHECK(mta(s, "mx.a.example").mydestination == std::vector<std::string>{"a.example"});
  CHECK(mta(s, "mx.b.example").relay_domains == std::vector<std::string>{"a.example"});
  CHECK(mta(s, "mx.b.example").mydestination.empty());
  CHECK(mta(s, "mx.c.example").relay_domains.empty());
}

TEST_CASE("outages must end after they start, start before the scenario ends and not overlap", "[loader][errors]") {
  CHECK(errors_of(kBase + "  mx.b.example: { ip: 192.0.2.11, down: [[1h, 1h], [2h, 4h], [3h, 5h], [6h, 7h], 1h] }\n") ==
        std::vector<std::string>{
            "t.yaml:7:42: error: down: outage [1h, 1h] must end after it starts",
            "t.yaml:7:62: error: down: outage [3h, 5h] overlaps outage [2h, 4h]",
            "t.yaml:7:72: error: down: outage [6h, 7h] starts after the scenario ends (duration 6h)",
            "t.yaml:7:82: error: down: expected an outage like [1h, 2h], got '1h'",
        });
}

TEST_CASE("queue times must be positive and the backoff range must not be upside down", "[loader][errors]") {
  CHECK(errors_of(kBase + "  mx.b.example: { ip: 192.0.2.11, queue: { queue_run_delay: 0, maximal_backoff: 100s, "
                          "maximal_lifetime: 0 } }\n") ==
        std::vector<std::string>{
            "t.yaml:7:61: error: queue_run_delay: must be longer than 0",
            "t.yaml:7:81: error: maximal_backoff (100s) is shorter than minimal_backoff (5m)",
        });
}

TEST_CASE("keys that only some agent kinds may use are refused for the others, with the reason", "[loader][errors]") {
  CHECK(errors_of(kBase + R"(agents:
  - { kind: user, name: u, address: u@a.example, via: mx.a.example, rate: 1/h, to: [x@a.example], bots: 3 }
  - { kind: bot, name: b, ip: 203.0.113.1, login: x, password: y, rate: 1/h, to: [x@a.example] }
)") == std::vector<std::string>{
             "t.yaml:8:99: error: 'bots' is not allowed for a user: it is the size of a botnet (kind: bot)",
             "t.yaml:9:27: error: 'ip' is not allowed for a bot: a bot's addresses come from network:",
             "t.yaml:9:44: error: 'login' is not allowed for a bot: bots do not authenticate",
             "t.yaml:9:54: error: 'password' is not allowed for a bot: bots do not authenticate",
         });
}

TEST_CASE("a bot network must hold every bot and no MTA", "[loader][errors]") {
  CHECK(errors_of(kBase + R"(agents:
  - { kind: bot, name: b, bots: 5, network: 192.0.2.16/30, rate: 1/h, to: [x@a.example] }
  - { kind: bot, name: c, bots: 5, network: 192.0.2.0/24, rate: 1/h, to: [x@a.example] }
)") == std::vector<std::string>{
             "t.yaml:8:45: error: network: 192.0.2.16/30 holds 4 addresses, fewer than bots: 5",
             "t.yaml:9:45: error: network: 192.0.2.0/24 holds the address of MTA 'mx.a.example' (192.0.2.10)",
         });
}

TEST_CASE("an agent needs a rate or a message count, and enough recipients for one message", "[loader][errors]") {
  CHECK(errors_of(kBase + R"(agents:
  - { kind: spammer, name: s, to: [x@a.example] }
  - { kind: spammer, name: t, rate: 1/h, to: [x@a.example, y@a.example], recipients_per_message: 3 }
  - { kind: spammer, name: u, messages: 0, to: [x@a.example] }
  - { kind: spammer, name: v, messages: 5, size: 0, to: [x@a.example] }
)") == std::vector<std::string>{
             "t.yaml:8:5: error: agent 's' needs rate: (like 20/h) or messages: (how many to send)",
             "t.yaml:9:98: error: recipients_per_message: 3 is more than the 2 recipients this agent has",
             "t.yaml:10:41: error: messages: must be at least 1",
             "t.yaml:11:50: error: size: must be more than 0",
         });
}

TEST_CASE("a user needs a sender address, and a spammer without one gets a forged one", "[loader]") {
  CHECK(errors_of(kBase + R"(agents:
  - { kind: user, name: u, via: mx.a.example, rate: 1/h, to: [x@a.example] }
  - { kind: user, name: v, address: v, via: [mx.a.example, mx.a.example], rate: 1/h, to: [x@a.example] }
)") == std::vector<std::string>{
             "t.yaml:8:5: error: missing required key 'address' in agent 'u' (a user's sender address)",
             "t.yaml:9:37: error: address: expected a mail address like alice@example.org, got 'v'",
             "t.yaml:9:45: error: via: a user submits through exactly one server, got 2",
         });
  ScenarioSpec s = parse_scenario(kBase + "agents: [{ kind: spammer, name: s, rate: 1/h, to: [x@a.example] }]\n", "t.yaml");
  CHECK(s.agents[0].address == "s@sender.invalid");
  CHECK(s.agents[0].via.empty());
}

TEST_CASE("links join MTAs and agents once each, never a node to itself", "[loader][errors]") {
  CHECK(errors_of(kBase + R"(links:
  between:
    - { a: mx.a.example, b: MX.A.EXAMPLE, latency: 1ms }
    - { a: mx.a.example, b: s, latency: 1ms }
    - { a: s, b: mx.a.example, latency: 2ms }
    - { a: s, b: mx.a.example }
agents: [{ kind: spammer, name: s, rate: 1/h, to: [x@a.example] }]
)") == std::vector<std::string>{
             "t.yaml:9:29: error: link: 'mx.a.example' cannot be linked to itself",
             "t.yaml:11:7: error: link between 's' and 'mx.a.example' is given twice",
             "t.yaml:12:7: error: missing required key 'latency' in link",
         });
}

TEST_CASE("an agent name may not repeat an MTA's name", "[loader][errors]") {
  CHECK(errors_of(kBase + "agents: [{ kind: spammer, name: MX.a.example, rate: 1/h, to: [x@a.example] }]\n") ==
        std::vector<std::string>{
            "t.yaml:7:33: error: agent name 'MX.a.example' is also an MTA's name: links could not tell them apart"});
}

TEST_CASE("every key the loader accepts is documented in docs/scenario-reference.md", "[loader][docs]") {
  const char* dir = std::getenv("RELAYSIM_SOURCE_DIR");
  std::ifstream in(std::string(dir != nullptr ? dir : ".") + "/docs/scenario-reference.md");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  for (const keys::Level& level : keys::kAllLevels) {
    for (const KeyRule& rule : level.rules) {
      INFO(level.name << ": " << rule.name);
      CHECK(text.str().find("`" + std::string(rule.name) + "`") != std::string::npos);
    }
  }
  for (std::string_view name : restriction_names()) CHECK(text.str().find("`" + std::string(name) + "`") != std::string::npos);
  for (std::string_view name : policy_names()) CHECK(text.str().find("`" + std::string(name) + "`") != std::string::npos);
}

TEST_CASE("the complete example in docs/scenario-reference.md loads", "[loader][docs]") {
  const char* dir = std::getenv("RELAYSIM_SOURCE_DIR");
  std::ifstream in(std::string(dir != nullptr ? dir : ".") + "/docs/scenario-reference.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  auto section = text.find("## A complete example");
  REQUIRE(section != std::string::npos);
  auto begin = text.find("```yaml\n", section);
  auto end = text.find("```\n", begin + 8);
  REQUIRE(end != std::string::npos);
  ScenarioSpec s = parse_scenario(text.substr(begin + 8, end - begin - 8), "reference.md");
  CHECK(mta(s, "mx1.victim.example").mydestination == std::vector<std::string>{"victim.example"});
  CHECK(mta(s, "mx2.victim.example").relay_domains == std::vector<std::string>{"victim.example"});
}

TEST_CASE("an agent or MTA that is not a mapping is reported once, not once per missing key", "[loader][errors]") {
  CHECK(errors_of(kBase + "  mx.b.example:\nagents: [alice]\n") ==
        std::vector<std::string>{"t.yaml:7:3: error: MTA 'mx.b.example': expected a mapping, got nothing",
                                 "t.yaml:8:10: error: agent: expected a mapping, got 'alice'"});
}

TEST_CASE("key_messages names message ids, each at least 1", "[loader]") {
  CHECK(parse_scenario(kBase + "key_messages: [13, 29]\n", "t.yaml").key_messages == std::vector<std::uint64_t>{13, 29});
  CHECK(errors_of(kBase + "key_messages: [0, x]\n") ==
        std::vector<std::string>{"t.yaml:7:16: error: key_messages: 0 is no message id: they start at 1",
                                 "t.yaml:7:19: error: key_messages: expected a whole number like 10, got 'x'"});
}

TEST_CASE("an agent's message may forge its header From and the clock may start on any UTC date", "[loader]") {
  const ScenarioSpec s = parse_scenario(kBase + R"(start: 2026-09-14T08:30:00Z
agents:
  - kind: spammer
    name: phisher
    address: bounce@cheap-pills.example
    to: [ana@a.example]
    messages: 1
    message:
      from: "Banco Ejemplo <avisos@banco.example>"
      subject: "Verifique su cuenta"
      body: "Estimado cliente\n"
  - { kind: user, name: ana, address: ana@a.example, via: mx.a.example, to: [ana@a.example], messages: 1 }
)",
                                        "t.yaml");
  CHECK(s.start == 1789374600);  // date -d 2026-09-14T08:30:00Z +%s
  CHECK(s.agents[0].message.from == "Banco Ejemplo <avisos@banco.example>");
  CHECK(s.agents[0].address == "bounce@cheap-pills.example");
  CHECK(s.agents[0].message.body == "Estimado cliente\n");
  // Without message:, the header From is the envelope sender and ham reads as a note.
  CHECK(s.agents[1].message.from == "ana@a.example");
  CHECK(s.agents[1].message.subject == "A note from ana");
}

TEST_CASE("a header From that is no address, a subject of two lines or a local start time is refused where written",
          "[loader]") {
  const auto errors = errors_of(kBase + R"(start: 2026-09-14T08:30:00+02:00
agents:
  - kind: spammer
    name: phisher
    to: [ana@a.example]
    messages: 1
    message: { from: "Banco Ejemplo", subject: "one\ntwo" }
)");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] ==
        "t.yaml:7:8: error: start: expected a UTC date and time like 2026-03-02T09:00:00Z, got "
        "'2026-09-14T08:30:00+02:00'");
  CHECK(errors[1].find("t.yaml:13:22: error: from: expected a header From like") == 0);
  CHECK(errors[2].find("t.yaml:13:48: error: subject: expected one line") == 0);
}

TEST_CASE("a domain's SPF record is a TXT record as DNS holds it, and a list of networks is short for one",
          "[loader]") {
  const ScenarioSpec s = parse_scenario(R"(name: t
duration: 6h
domains:
  a.example: { mx: [mx.a.example], spf: "v=spf1 MX include:_spf.Provider.example ~all" }
  b.example: { mx: [mx.a.example], spf: [192.0.2.10, 198.51.100.0/24] }
mtas:
  mx.a.example: { ip: 192.0.2.10 }
)",
                                        "t.yaml");
  CHECK(s.domains[0].txt == std::vector<std::string>{"v=spf1 mx include:_spf.provider.example ~all"});
  CHECK(s.domains[1].txt == std::vector<std::string>{"v=spf1 ip4:192.0.2.10/32 ip4:198.51.100.0/24 -all"});
  const auto errors = errors_of(R"(name: t
duration: 6h
domains:
  a.example: { mx: [mx.a.example], spf: "ip4:192.0.2.1 -all" }
mtas:
  mx.a.example: { ip: 192.0.2.10 }
)");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "t.yaml:4:41: error: spf: expected an SPF record like 'v=spf1 mx -all', got 'ip4:192.0.2.1 -all'");
}
