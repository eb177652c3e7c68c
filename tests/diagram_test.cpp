// The lessons as diagrams: drawn from real runs of the shipped scenarios, checked by structure.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "scenario_fixture.h"
#include "viz/flow_map_diagram.h"
#include "viz/message_path_diagram.h"
#include "viz/renderer.h"
#include "viz/style.h"

namespace fs = std::filesystem;
using namespace relaysim;

namespace {

// Runs a shipped scenario into a fresh folder (trace and topology included) and reads it back;
// `until` stops it early where the lesson's moment comes early (these run under the sanitizers too).
viz::RunRecord recorded_run(const std::string& file, std::optional<sim::SimTime> until = std::nullopt) {
  const fs::path dir = fs::temp_directory_path() / ("relaysim-diagram-" + std::to_string(getpid()) + "-" + file);
  fs::remove_all(dir);
  run::RunOptions options;
  options.out_dir = dir;
  options.until = until;
  options.transcripts.mode = report::TranscriptChoice::Mode::None;  // one pass: diagrams need no transcripts
  run::run_scenario(testing::shipped_scenario(file), options);
  viz::RunRecord run = viz::load_run(dir);
  fs::remove_all(dir);
  return run;
}

// The path's hops (edges with a step), in step order.
std::vector<Agedge_t*> hops(viz::Graph& g) {
  std::vector<Agedge_t*> edges;
  for (Agnode_t* n = agfstnode(g.get()); n; n = agnxtnode(g.get(), n)) {
    for (Agedge_t* e = agfstout(g.get(), n); e; e = agnxtout(g.get(), e)) {
      if (!viz::get(e, "step").empty()) edges.push_back(e);
    }
  }
  std::sort(edges.begin(), edges.end(),
            [](Agedge_t* a, Agedge_t* b) { return std::stoi(viz::get(a, "step")) < std::stoi(viz::get(b, "step")); });
  return edges;
}

std::vector<std::string> final_states(viz::Graph& g) {
  std::vector<std::string> states;
  for (Agnode_t* n = agfstnode(g.get()); n; n = agnxtnode(g.get(), n)) {
    if (!viz::get(n, "final").empty()) states.push_back(viz::get(n, "final"));
  }
  return states;
}

}  // namespace

TEST_CASE("lesson 02: a spam message's path passes the open relay and ends delivered") {
  const viz::RunRecord run = recorded_run("02-open-relay.yaml");
  const std::uint64_t spam = viz::first_message_of(run, "spam");
  REQUIRE(spam != 0);
  viz::Graph g("path");
  viz::build_message_path(g, run, spam);
  const auto path = hops(g);
  REQUIRE(path.size() >= 2);
  CHECK(std::string(agnameof(aghead(path[0]))) == "mx.campus.example");
  CHECK(viz::get(path[0], "reply") == "250 2.1.5");
  CHECK(std::string(agnameof(agtail(path[1]))) == "mx.campus.example");  // the relay passes it on
  for (Agedge_t* e : path) CHECK(viz::get(e, "refused").empty());
  for (const std::string& state : final_states(g)) CHECK(state == "delivered");
  CHECK_FALSE(final_states(g).empty());
}

TEST_CASE("lesson 03: the same message's path ends at the relay on a refused hop labelled 554 5.7.1") {
  const viz::RunRecord open = recorded_run("02-open-relay.yaml");
  const viz::RunRecord closed = recorded_run("03-authenticated.yaml");
  const std::uint64_t spam = viz::first_message_of(open, "spam");
  REQUIRE(viz::first_message_of(closed, "spam") == spam);  // same seed, same world: the same message
  viz::Graph g("path");
  viz::build_message_path(g, closed, spam);
  const auto path = hops(g);
  REQUIRE(!path.empty());
  Agedge_t* last = path.back();
  CHECK(std::string(agnameof(aghead(last))) == "mx.campus.example");
  CHECK(viz::get(last, "refused") == "true");
  CHECK(viz::get(last, "reply") == "554 5.7.1");
  CHECK(viz::get(last, "label").find("554 5.7.1") != std::string::npos);
  CHECK(final_states(g) == std::vector<std::string>{"rejected"});
}

TEST_CASE("lesson 02: the flow map's spam volume on an edge equals the trace's count") {
  const viz::RunRecord run = recorded_run("02-open-relay.yaml");
  viz::Graph g("flows");
  viz::build_flow_map(g, run);
  std::uint64_t drawn = 0;
  Agnode_t* relay = g.find_node("mx.campus.example");
  Agnode_t* victim = g.find_node("mx.victim2.example");
  REQUIRE(relay);
  REQUIRE(victim);
  for (Agedge_t* e = agfstout(g.get(), relay); e; e = agnxtout(g.get(), e)) {
    if (aghead(e) == victim && viz::get(e, "flow_class") == "spam" && viz::get(e, "refused").empty()) {
      drawn += std::stoull(viz::get(e, "copies"));
    }
  }
  // Counted straight from the trace's events, independently of the diagram's own counting.
  std::uint64_t traced = 0;
  for (const viz::TraceEvent& e : run.trace) {
    traced += e.event == "rcpt" && e.message_class == "spam" && e.from == "mx.campus.example" &&
              e.to == "mx.victim2.example" && e.code == 250;
  }
  CHECK(traced > 100);
  CHECK(drawn == traced);
  CHECK(traced == run.summary.find_mta("mx.victim2.example")->delivered - [&] {
          std::uint64_t ham = 0;
          for (const viz::TraceEvent& e : run.trace) ham += e.event == "delivered" && e.message_class == "ham" && e.at == "mx.victim2.example";
          return ham;
        }());
}

TEST_CASE("lesson 03: the flow map shows the spam refused at the relay") {
  const viz::RunRecord run = recorded_run("03-authenticated.yaml");
  viz::Graph g("flows");
  viz::build_flow_map(g, run);
  Agnode_t* spammer = g.find_node("spammer");
  Agnode_t* relay = g.find_node("mx.campus.example");
  REQUIRE(spammer);
  bool refused_at_relay = false;
  for (Agedge_t* e = agfstout(g.get(), spammer); e; e = agnxtout(g.get(), e)) {
    refused_at_relay |= aghead(e) == relay && viz::get(e, "refused") == "554 5.7.1";
    CHECK(aghead(e) == relay);  // the spam goes nowhere else
  }
  CHECK(refused_at_relay);
}

TEST_CASE("lesson 07: the flow map counts junk-folder copies as junk, as the trace does") {
  const viz::RunRecord run = recorded_run("07-newsletter-reputation.yaml", 26 * sim::kHour);  // spam from 24h
  std::map<std::string, std::uint64_t> inbox, junk;  // "ham", "spam" at mx.bigmail.example
  for (const viz::TraceEvent& e : run.trace) {
    if (e.event != "delivered" || e.at != "mx.bigmail.example") continue;
    ++(e.folder == "junk" ? junk : inbox)[e.message_class];
  }
  REQUIRE(junk["spam"] > 0);
  REQUIRE(junk["ham"] > 0);  // the lesson's point: reputation sends some newsletters to junk
  viz::Graph g("flows");
  viz::build_flow_map(g, run);
  Agnode_t* bigmail = g.find_node("mx.bigmail.example");
  REQUIRE(bigmail);
  const std::string label = viz::get(bigmail, "label");
  INFO(label);
  CHECK(label.find("inbox: ham " + std::to_string(inbox["ham"]) + ", spam " + std::to_string(inbox["spam"])) !=
        std::string::npos);
  CHECK(label.find("junk folder: ham " + std::to_string(junk["ham"]) + ", spam " + std::to_string(junk["spam"])) !=
        std::string::npos);
}

TEST_CASE("lesson 07: a message delivered to the junk folder ends in JUNK FOLDER on its path, not INBOX") {
  const viz::RunRecord run = recorded_run("07-newsletter-reputation.yaml", 26 * sim::kHour);  // spam from 24h
  std::uint64_t junked = 0;
  for (const viz::TraceEvent& e : run.trace) {
    if (e.event == "delivered" && e.folder == "junk" && run.events_of(e.msg).size() <= 8) {
      junked = e.msg;
      break;
    }
  }
  REQUIRE(junked != 0);
  viz::Graph g("path");
  viz::build_message_path(g, run, junked);
  const auto states = final_states(g);
  CHECK(std::find(states.begin(), states.end(), "junk") != states.end());
  for (Agnode_t* n = agfstnode(g.get()); n; n = agnxtnode(g.get(), n)) {
    if (viz::get(n, "final") == "junk") CHECK(viz::get(n, "label").starts_with("JUNK FOLDER (delivered)"));
  }
}

TEST_CASE("lesson 04: a connect to the server that is down has no reply code, in the trace and on the path") {
  const viz::RunRecord run = recorded_run("04-backup-mx.yaml");
  std::uint64_t caught = 0;
  for (const viz::TraceEvent& e : run.trace) {
    if (e.event == "connect_timeout") {
      CHECK(e.code == 0);
      CHECK(e.status == "4.4.1");
      CHECK(e.reason.find("Connection timed out") != std::string::npos);
      if (!caught) caught = e.msg;
    }
    if (e.event == "deferred" && e.status == "4.4.1") CHECK(e.code == 0);
    if (e.event == "session_refused") CHECK(e.code == 421);  // a real 421: the server spoke
  }
  REQUIRE(caught != 0);
  viz::Graph g("path");
  viz::build_message_path(g, run, caught);
  bool unanswered = false;
  for (Agedge_t* e : hops(g)) {
    if (viz::get(e, "unanswered") != "true") continue;
    unanswered = true;
    CHECK(viz::get(e, "refused").empty());
    CHECK(viz::get(e, "label").find("NO ANSWER") != std::string::npos);
    CHECK(viz::get(e, "label").find("421") == std::string::npos);
  }
  CHECK(unanswered);
}

TEST_CASE("lesson 06: servers are labelled by what they relay for, never '(authenticated)' for a receiving MX") {
  const viz::RunRecord run = recorded_run("06-dnsbl-and-greylisting.yaml", sim::kHour);
  viz::Graph g("flows");
  viz::build_flow_map(g, run);
  Agnode_t* undefended = g.find_node("mx.undefended.example");
  REQUIRE(undefended);
  const std::string label = viz::get(undefended, "label");
  INFO(label);
  CHECK(label.find("(authenticated)") == std::string::npos);
  CHECK(label.find("(relays for its network + AUTH)") != std::string::npos);
}

TEST_CASE("lesson 05: closed relays say when they were closed, and relay probes are grey with a legend entry") {
  const viz::RunRecord run = recorded_run("05-relay-hunting.yaml", 30 * sim::kHour);  // all closed by 28h
  REQUIRE(!run.relay_closed_at.empty());
  viz::Graph g("flows");
  viz::build_flow_map(g, run);
  for (const auto& [relay, t] : run.relay_closed_at) {
    Agnode_t* node = g.find_node(relay);
    REQUIRE(node);
    CHECK(viz::get(node, "label").find("(open relay until " + viz::style::clock(t) + ", then closed)") !=
          std::string::npos);
  }
  bool probe_edge = false;
  for (Agnode_t* n = agfstnode(g.get()); n; n = agnxtnode(g.get(), n)) {
    for (Agedge_t* e = agfstout(g.get(), n); e; e = agnxtout(g.get(), e)) {
      if (viz::get(e, "flow_class") != "probe") continue;
      probe_edge = true;
      CHECK(viz::get(e, "color") == viz::style::kGrey);
    }
  }
  CHECK(probe_edge);
  Agnode_t* legend = g.find_node("legend");
  REQUIRE(legend);
  CHECK(viz::get(legend, "label").find("relay probe") != std::string::npos);
}

TEST_CASE("lesson 08: the flow map says the spammer logged in as bob on the submission port") {
  const viz::RunRecord run = recorded_run("08-stolen-account.yaml", 2 * sim::kHour);  // the spammer from 1h
  viz::Graph g("flows");
  viz::build_flow_map(g, run);
  Agnode_t* spammer = g.find_node("spammer");
  REQUIRE(spammer);
  bool as_bob = false;
  for (Agedge_t* e = agfstout(g.get(), spammer); e; e = agnxtout(g.get(), e)) {
    if (viz::get(e, "flow_class") != "spam" || viz::get(e, "login") != "bob") continue;
    as_bob = true;
    CHECK(viz::get(e, "label").find("AUTH as bob, port 587") != std::string::npos);
  }
  CHECK(as_bob);
}

TEST_CASE("the same run gives byte-identical DOT and SVG") {
  const viz::RunRecord a = recorded_run("04-backup-mx.yaml");
  const viz::RunRecord b = recorded_run("04-backup-mx.yaml");
  viz::Context context;
  viz::Graph ga("flows"), gb("flows");
  viz::build_flow_map(ga, a);
  viz::build_flow_map(gb, b);
  CHECK(viz::render(context, ga, viz::Format::Dot) == viz::render(context, gb, viz::Format::Dot));
  CHECK(viz::render(context, ga, viz::Format::Svg) == viz::render(context, gb, viz::Format::Svg));
}

TEST_CASE("lesson 02 as a time-lapse: spam flows in the first frame and has stopped by the last") {
  const viz::RunRecord run = recorded_run("02-open-relay.yaml");
  viz::Context context;
  const viz::Positions layout = viz::flow_map_positions(context, run);
  const auto spam_from_spammer = [&](int frame) {
    viz::Graph g("frame");
    viz::build_timelapse_frame(g, run, frame, 6, layout);
    Agnode_t* spammer = g.find_node("spammer");
    std::uint64_t copies = 0;
    for (Agedge_t* e = agfstout(g.get(), spammer); e; e = agnxtout(g.get(), e)) {
      if (viz::get(e, "flow_class") == "spam") copies += std::stoull(viz::get(e, "copies"));
    }
    return copies;
  };
  CHECK(spam_from_spammer(0) > 0);
  CHECK(spam_from_spammer(5) == 0);  // the spammers stop at 4 h of 6
}

TEST_CASE("the bounce of spam with a forged sender is drawn to the forged sender's server, not to the spammer") {
  const viz::RunRecord run = recorded_run("10-backscatter.yaml");
  viz::Graph g("path");
  viz::build_message_path(g, run, viz::first_message_of(run, "spam"));
  CHECK(final_states(g) == std::vector<std::string>{"bounced"});
  Agnode_t* backup = g.find_node("mx2.tienda.example");
  Agnode_t* campus = g.find_node("mx.campus.example");
  REQUIRE(backup);
  REQUIRE(campus);
  int to_campus = 0, to_spammer = 0;
  for (Agedge_t* e = agfstout(g.get(), backup); e; e = agnxtout(g.get(), e)) {
    if (viz::get(e, "bounce") != "true") continue;
    to_campus += aghead(e) == campus;
    to_spammer += aghead(e) == g.find_node("spammer");
    CHECK(viz::get(e, "label").find("carmen@campus.example") != std::string::npos);
  }
  CHECK(to_campus == 1);
  CHECK(to_spammer == 0);
}

TEST_CASE("a bounce is drawn back to the sender, after the deferrals") {
  // The recipient's only MX is down for the whole run, and the queue gives up after an hour.
  const fs::path dir = fs::temp_directory_path() / ("relaysim-bounce-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "bounce.yaml") << R"(name: bounce
seed: 3
duration: 3h
domains:
  campus.example: { mx: [mx.campus.example] }
  example.org: { mx: [mx.example.org] }
mtas:
  mx.campus.example:
    ip: 192.0.2.10
    policy: authenticated
    submission: true
    sasl_users: { alice: wonderland }
    queue: { maximal_lifetime: 1h }
  mx.example.org: { ip: 198.51.100.10, policy: authenticated, down: [[0s, 3h]] }
agents:
  - { kind: user, name: alice, address: alice@campus.example, via: mx.campus.example, login: alice,
      password: wonderland, rate: 6/h, messages: 1, to: [info@example.org] }
)";
  run::RunOptions options;
  options.out_dir = dir / "run";
  run::run_scenario(scenario::load_scenario_file((dir / "bounce.yaml").string()), options);
  const viz::RunRecord run = viz::load_run(dir / "run");
  viz::Graph g("path");
  viz::build_message_path(g, run, viz::first_message_of(run, "ham"));
  CHECK(final_states(g) == std::vector<std::string>{"bounced"});
  Agnode_t* relay = g.find_node("mx.campus.example");
  Agnode_t* alice = g.find_node("alice");
  REQUIRE(relay);
  REQUIRE(alice);
  bool bounce_to_sender = false, deferred = false;
  for (Agedge_t* e = agfstout(g.get(), relay); e; e = agnxtout(g.get(), e)) {
    bounce_to_sender |= aghead(e) == alice && viz::get(e, "bounce") == "true";
    // No server answered: the deferral's reason is the client's own, with a status and no code.
    deferred |= aghead(e) == relay && viz::get(e, "reply") == "Connection timed out (4.4.1)" &&
                std::stoi(viz::get(e, "deferred")) >= 2;
  }
  CHECK(bounce_to_sender);
  CHECK(deferred);
  fs::remove_all(dir);
}
