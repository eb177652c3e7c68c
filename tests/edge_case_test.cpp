// Worlds at the edges of the model, run through every output: nothing crashes, nothing is lost.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "scenario_fixture.h"

using namespace relaysim;
using namespace relaysim::testing;

TEST_CASE("mail for a domain whose address no host answers waits in the queue, and every output copes") {
  const auto spec = scenario::parse_scenario(R"(
name: nobody-home
duration: 2h
domains:
  campus.example: { mx: [mx.campus.example] }
  gone.example: { address: 198.51.100.99 }
mtas:
  mx.campus.example: { ip: 192.0.2.10, submission: true, sasl_users: { alice: secret } }
agents:
  - { kind: user, name: alice, address: alice@campus.example, via: mx.campus.example,
      login: alice, password: secret, rate: 6/h, to: [bob@gone.example] }
)",
                                             "nobody-home.yaml");
  const auto dir = std::filesystem::temp_directory_path() / "relaysim-nobody-home";
  std::filesystem::remove_all(dir);
  run::RunOptions options;
  options.out_dir = dir;
  options.transcripts.mode = report::TranscriptChoice::Mode::All;
  options.explain = true;
  const auto r = run::run_scenario(spec, options);
  REQUIRE(ham(r).submitted > 0);
  CHECK(fate(ham(r), world::Fate::Queued) == ham(r).submitted);
  CHECK(server(r, "mx.campus.example").deferred > 0);
  std::ifstream trace(dir / "trace.jsonl");
  std::string all((std::istreambuf_iterator<char>(trace)), std::istreambuf_iterator<char>());
  CHECK(all.find("\"event\": \"connect_timeout\"") != std::string::npos);
  CHECK(all.find("(no such host)") != std::string::npos);
  std::filesystem::remove_all(dir);
}
