#include "scenario/scenario_overrides.h"

#include <catch2/catch.hpp>

#include "scenario/scenario_loader.h"

using namespace relaysim::scenario;

namespace {

const std::string kScenario = R"(name: t
duration: 6h
domains:
  a.example: { mx: [mx.a.example] }
  b.example: { mx: [mx.b.example] }
mtas:
  mx.a.example: { ip: 192.0.2.10, policy: open }
  mx.b.example: { ip: 192.0.2.11 }
links:
  between:
    - { a: mx.a.example, b: mx.b.example, latency: 10ms }
agents:
  - { kind: user, name: alice, address: alice@a.example, via: mx.a.example, rate: 2/h, to: [x@b.example] }
  - { kind: spammer, name: spammer, via: mx.a.example, rate: 60/h, to: [y@b.example] }
)";

Override set(const std::string& text) {
  std::string error;
  auto o = parse_override(text, "--set", error);
  REQUIRE(o);
  return *o;
}

ScenarioSpec load_with(std::vector<std::string> texts) {
  std::vector<Override> overrides;
  for (const std::string& t : texts) overrides.push_back(set(t));
  return parse_scenario(kScenario, "t.yaml", overrides);
}

// The formatted errors of loading with the overrides, or an empty list when it loads.
std::vector<std::string> errors_with(std::vector<std::string> texts) {
  try {
    load_with(std::move(texts));
  } catch (const ScenarioError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) lines.push_back(format_diagnostic(d));
    return lines;
  }
  return {};
}

const MtaSpec& mta(const ScenarioSpec& spec, const std::string& name) {
  for (const MtaSpec& m : spec.mtas) {
    if (m.name == name) return m;
  }
  throw std::runtime_error("no MTA " + name);
}

}  // namespace

TEST_CASE("an override is PATH=VALUE split at the first equals sign") {
  std::string error;
  auto o = parse_override("agents.spammer.to=[a=b@x.example]", "--set", error);
  REQUIRE(o);
  CHECK(o->path == "agents.spammer.to");
  CHECK(o->value == "[a=b@x.example]");
  CHECK_FALSE(parse_override("mtas.x.policy", "--set", error));
  CHECK(error.find("expected PATH=VALUE") != std::string::npos);
  CHECK_FALSE(parse_override("=open", "--set", error));
  CHECK_FALSE(parse_override("mtas.x.policy=", "--set", error));
}

TEST_CASE("overrides replace values through mappings, dotted host names and agents picked by name") {
  const ScenarioSpec spec = load_with({"mtas.mx.a.example.policy=authenticated", "agents.spammer.rate=120/h",
                                       "seed=42", "links.between.0.latency=20ms"});
  CHECK(mta(spec, "mx.a.example").policy == PolicyPreset::Authenticated);
  CHECK(spec.agents[1].rate_per_hour == Approx(120));
  CHECK(spec.seed == 42);
  CHECK(spec.links[0].latency == 20 * relaysim::sim::kMillisecond);
}

TEST_CASE("host names in a path match in any case and may be quoted") {
  CHECK(mta(load_with({"mtas.MX.A.example.policy=closed"}), "mx.a.example").policy == PolicyPreset::Closed);
  CHECK(mta(load_with({"mtas.\"mx.b.example\".policy=open"}), "mx.b.example").policy == PolicyPreset::Open);
}

TEST_CASE("a missing final key is added and a flow value is read as YAML") {
  const ScenarioSpec spec = load_with({"mtas.mx.b.example.down=[[1h, 2h]]"});
  REQUIRE(mta(spec, "mx.b.example").down.size() == 1);
  CHECK(mta(spec, "mx.b.example").down[0].to == 2 * relaysim::sim::kHour);
  const ScenarioSpec added = load_with({"mtas.\"mx.c.example\"={ip: 192.0.2.12}"});
  CHECK(added.mtas.size() == 3);
}

TEST_CASE("later overrides see the earlier ones") {
  const ScenarioSpec spec = load_with({"mtas.mx.b.example.queue={maximal_lifetime: 1d}",
                                       "mtas.mx.b.example.queue.minimal_backoff=10m"});
  CHECK(mta(spec, "mx.b.example").queue.minimal_backoff == 10 * relaysim::sim::kMinute);
}

TEST_CASE("a bad override value is reported naming the override, as the loader words it") {
  CHECK(errors_with({"mtas.mx.a.example.policy=opn"}) ==
        std::vector<std::string>{
            "--set mtas.mx.a.example.policy=opn: error: policy: unknown policy 'opn', did you mean 'open'?"});
  CHECK(errors_with({"agents.spammer.rate=fast"}).at(0).rfind("--set agents.spammer.rate=fast: error: rate:", 0) == 0);
  CHECK(errors_with({"mtas.mx.a.example.polcy=open"}) ==
        std::vector<std::string>{"--set mtas.mx.a.example.polcy=open: error: unknown key 'polcy' in MTA "
                                 "'mx.a.example', did you mean 'policy'?"});
}

TEST_CASE("a path that does not resolve names the override and suggests the closest name") {
  CHECK(errors_with({"mtas.mx.a.exmaple.policy=open"}) ==
        std::vector<std::string>{"--set mtas.mx.a.exmaple.policy=open: error: 'mtas' has no key 'mx.a.exmaple', "
                                 "did you mean 'mx.a.example'?"});
  CHECK(errors_with({"agents.spamer.rate=1/h"}) ==
        std::vector<std::string>{"--set agents.spamer.rate=1/h: error: 'agents' has no element named 'spamer', did "
                                 "you mean 'spammer'? (elements are picked by name:, or by index from 0)"});
  const auto nested = errors_with({"mtas.mx.a.example.queue.minimal_backoff=1m"});
  REQUIRE(nested.size() == 1);
  CHECK(nested[0] == "--set mtas.mx.a.example.queue.minimal_backoff=1m: error: 'mtas.mx.a.example' has no key "
                    "'queue' (ip, policy); to add it, set it whole: mtas.mx.a.example.queue={...}");
  CHECK(errors_with({"agents.spammer.rate=~"}).at(0).find("expected a value") != std::string::npos);
  CHECK(errors_with({"mtas.mx.a.example.policy.x=1"}).at(0).find("'mtas.mx.a.example.policy' is 'open'") !=
        std::string::npos);
  CHECK(errors_with({"experiment.replications=3"}).at(0).find("cannot be overridden") != std::string::npos);
  CHECK(errors_with({"mtas..policy=open"}).at(0).find("empty segment") != std::string::npos);
}

TEST_CASE("a value that is not YAML is refused naming the override") {
  const auto errors = errors_with({"agents.spammer.to=[a@b.example"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("--set agents.spammer.to=[a@b.example: error: the value is not valid YAML", 0) == 0);
}

TEST_CASE("an error the override causes elsewhere in the file says which overrides were applied") {
  const auto errors = errors_with({"duration=30m", "mtas.mx.b.example.down=[[1h, 2h]]"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("--set mtas.mx.b.example.down=[[1h, 2h]]: error:") == 0);
  const auto elsewhere = errors_with({"mtas.mx.b.example.ip=192.0.2.10"});
  REQUIRE_FALSE(elsewhere.empty());
  CHECK(elsewhere[0].find("--set mtas.mx.b.example.ip=192.0.2.10: error: IP address 192.0.2.10 is already used") == 0);
}

TEST_CASE("an override from a file is reported at its place in that file") {
  Override o{"mtas.mx.a.example.policy", "opn", "variant 'closed'", "e.yaml", 12, 5};
  try {
    parse_scenario(kScenario, "t.yaml", {o});
    FAIL("loaded");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(format_diagnostic(e.diagnostics()[0]) ==
          "e.yaml:12:5: error: variant 'closed': mtas.mx.a.example.policy=opn: policy: unknown policy 'opn', did "
          "you mean 'open'?");
  }
}

TEST_CASE("apply_override changes nothing when the path does not resolve") {
  YAML::Node root = YAML::Load(kScenario);
  CHECK(apply_override(root, "mtas.nothere.policy", YAML::Node("open")).find("has no key 'nothere'") !=
        std::string::npos);
  CHECK(YAML::Dump(root) == YAML::Dump(YAML::Load(kScenario)));
  CHECK(apply_override(root, "agents.alice.rate", YAML::Node("5/h")).empty());
  CHECK(root["agents"][0]["rate"].Scalar() == "5/h");
}

TEST_CASE("flow_text writes a node on one line") {
  CHECK(flow_text(YAML::Load("[[1h, 2h]]")) == "[[1h, 2h]]");
  CHECK(flow_text(YAML::Load("60/h")) == "60/h");
  CHECK(flow_text(YAML::Load("{ip: 192.0.2.1, policy: open}")) == "{ip: 192.0.2.1, policy: open}");
}

TEST_CASE("every bad override is reported at once") {
  CHECK(errors_with({"mtas.nothere.policy=open", "agents.spammer.to=[x", "seed=1"}).size() == 2);
}
