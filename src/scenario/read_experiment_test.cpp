#include <catch2/catch.hpp>

#include "scenario/experiment_spec.h"
#include "scenario/scenario_errors_test.h"
#include "scenario/scenario_loader.h"

using namespace relaysim::scenario;

namespace {

const std::string kBase = R"(name: t
duration: 6h
domains:
  a.example: { mx: [mx.a.example] }
mtas:
  mx.a.example: { ip: 192.0.2.10 }
agents:
  - { kind: spammer, name: spammer, via: mx.a.example, rate: 60/h, to: [y@a.example] }
)";

std::vector<std::string> errors_of(const std::string& yaml) { return testing::errors_of(yaml, "e.yaml"); }

}  // namespace

TEST_CASE("the experiment section gives variants, sweeps and replications with their places in the file") {
  const std::string yaml = kBase + R"(experiment:
  replications: 5
  variants:
    open: { mtas.mx.a.example.policy: open }
    closed: { mtas.mx.a.example.policy: authenticated, agents.spammer.to: [z@a.example] }
    as-written:
  sweep:
    agents.spammer.rate: [60/h, 600/h]
    mtas.mx.a.example.down: [[[1h, 2h]], []]
)";
  parse_scenario(yaml, "e.yaml");  // relaysim run accepts it and ignores it
  const auto spec = parse_experiment(yaml, "e.yaml");
  REQUIRE(spec);
  CHECK(spec->replications == 5u);
  REQUIRE(spec->variants.size() == 3);
  CHECK(spec->variants[0].name == "open");
  CHECK(spec->variants[1].overrides.size() == 2);
  CHECK(spec->variants[1].overrides[1].value == "[z@a.example]");
  CHECK(spec->variants[1].overrides[0].line == 13);
  CHECK(spec->variants[2].overrides.empty());
  REQUIRE(spec->sweep.size() == 2);
  CHECK(spec->sweep[0].path == "agents.spammer.rate");
  CHECK(spec->sweep[0].values[1].value == "600/h");
  CHECK(spec->sweep[1].values[0].value == "[[1h, 2h]]");
}

TEST_CASE("a scenario without an experiment section has none") {
  CHECK_FALSE(parse_experiment(kBase, "e.yaml"));
}

TEST_CASE("the loader checks the experiment section: keys, names, paths and counts") {
  CHECK(errors_of(kBase + "experiment: { replicatons: 3 }\n") ==
        std::vector<std::string>{
            "e.yaml:9:15: error: unknown key 'replicatons' in experiment, did you mean 'replications'?"});
  CHECK(errors_of(kBase + "experiment: { replications: 0 }\n") ==
        std::vector<std::string>{"e.yaml:9:29: error: replications: expected 1 to 100000, got 0"});
  CHECK(errors_of(kBase + "experiment: { variants: { a: { mtas.mx.a.exmple.policy: open } } }\n") ==
        std::vector<std::string>{"e.yaml:9:32: error: variant 'a': mtas.mx.a.exmple.policy: 'mtas' has no key "
                                 "'mx.a.exmple', did you mean 'mx.a.example'?"});
  CHECK(errors_of(kBase + "experiment: { variants: { 'a b': {} } }\n").at(0).find("variants: 'a b': expected a name") !=
        std::string::npos);
  CHECK(errors_of(kBase + "experiment: { sweep: { agents.spammer.rate: 60/h } }\n") ==
        std::vector<std::string>{"e.yaml:9:45: error: sweep: agents.spammer.rate: expected a list of values like "
                                 "[60/h, 600/h], got '60/h'"});
  CHECK(errors_of(kBase + "experiment: { sweep: { agents.spammer.rate: [1/h, 1/h] } }\n") ==
        std::vector<std::string>{"e.yaml:9:51: error: sweep: agents.spammer.rate: the value 1/h is given twice"});
}
