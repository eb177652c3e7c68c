// The structure of what each diagram draws (nodes, edges, labels, attributes), not pixels.
#include <catch2/catch.hpp>
#include <cstdio>

#include "viz/flow_map_diagram.h"
#include "viz/message_path_diagram.h"
#include "viz/style.h"
#include "viz/test_run_record.h"
#include "viz/topology_diagram.h"

using namespace relaysim::viz;
using relaysim::viz::testing::small_run;

namespace {

Agedge_t* find_edge(Graph& g, const std::string& tail, const std::string& head, const std::string& attribute = "",
                    const std::string& value = "") {
  Agnode_t* t = g.find_node(tail);
  Agnode_t* h = g.find_node(head);
  if (!t || !h) return nullptr;
  for (Agedge_t* e = agfstout(g.get(), t); e; e = agnxtout(g.get(), e)) {
    if (aghead(e) == h && (attribute.empty() || get(e, attribute) == value)) return e;
  }
  return nullptr;
}

int edge_count(Graph& g) { return agnedges(g.get()); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("topology: host kinds have distinct shapes and MTAs are filled by relay policy") {
  const RunRecord run = small_run();
  Graph g("t");
  build_topology_diagram(g, run.topology);
  CHECK(get(g.find_node("relay"), "shape") == "box");
  CHECK(get(g.find_node("spammer"), "shape") == "octagon");
  CHECK(get(g.find_node("alice"), "shape") == "ellipse");
  CHECK(get(g.find_node("relay"), "fillcolor") == style::kOrange);
  CHECK(get(g.find_node("mx.victim"), "fillcolor") == style::kGreen);
  CHECK(get(g.find_node("mx2.victim"), "fillcolor") == style::kSkyBlue);
  CHECK(contains(get(g.find_node("legend"), "label"), "open relay"));
  CHECK(contains(get(g.get(), "label"), "Topology of small"));
}

TEST_CASE("topology: domains are clusters and MX records are edges labelled with their preference") {
  const RunRecord run = small_run();
  Graph g("t");
  build_topology_diagram(g, run.topology);
  Agraph_t* victim = agsubg(g.get(), const_cast<char*>("cluster_domain_1"), 0);
  REQUIRE(victim);
  CHECK(get(victim, "label") == "victim.example");
  CHECK(agsubnode(victim, g.find_node("mx.victim"), 0) != nullptr);
  CHECK(agsubnode(victim, g.find_node("mx2.victim"), 0) != nullptr);  // backup MX: in the domain it serves
  Agedge_t* primary = find_edge(g, "domain victim.example", "mx.victim");
  Agedge_t* backup = find_edge(g, "domain victim.example", "mx2.victim");
  REQUIRE(primary);
  REQUIRE(backup);
  CHECK(get(primary, "label") == "MX 10");
  CHECK(get(backup, "label") == "MX 20");
}

TEST_CASE("topology: outages are marked and agents' routes drawn") {
  const RunRecord run = small_run();
  Graph g("t");
  build_topology_diagram(g, run.topology);
  CHECK(contains(get(g.find_node("mx.victim"), "label"), "DOWN 00:10:00-00:20:00"));
  CHECK(contains(get(g.find_node("mx.victim"), "style"), "dashed"));
  Agedge_t* via = find_edge(g, "spammer", "relay", "label", "sends via");
  REQUIRE(via);
  CHECK(get(via, "color") == style::kVermillion);
  CHECK(find_edge(g, "spammer", "relay", "label", "link 120 ms"));
}

TEST_CASE("flow map: volumes per class, refused flows where they were refused, counters per host") {
  const RunRecord run = small_run();
  Graph g("f");
  build_flow_map(g, run);
  Agedge_t* spam = find_edge(g, "spammer", "relay", "refused", "");
  REQUIRE(spam);
  CHECK(get(spam, "flow_class") == "spam");
  CHECK(get(spam, "copies") == "1");
  CHECK(get(spam, "color") == style::kVermillion);
  Agedge_t* refused = find_edge(g, "spammer", "relay", "refused", "554 5.7.1");
  REQUIRE(refused);
  CHECK(get(refused, "style") == "dashed");
  CHECK(contains(get(refused, "label"), "REFUSED 554 5.7.1"));
  Agedge_t* ham = find_edge(g, "alice", "relay");
  REQUIRE(ham);
  CHECK(get(ham, "color") == style::kBlue);
  CHECK(get(ham, "copies") == "2");
  CHECK(contains(get(g.find_node("relay"), "label"), "refused: 1"));
  CHECK(contains(get(g.find_node("mx.victim"), "label"), "inbox: ham 1, spam 1"));
  CHECK(std::stod(get(ham, "penwidth")) > std::stod(get(spam, "penwidth")));  // log scale, still wider
}

TEST_CASE("time-lapse: every frame pins every node at the same place and keeps every edge") {
  const RunRecord run = small_run();
  Context context;
  const Positions layout = flow_map_positions(context, run);
  Graph first("a"), last("b");
  build_timelapse_frame(first, run, 0, 3, layout);
  build_timelapse_frame(last, run, 2, 3, layout);
  for (const char* host : {"relay", "mx.victim", "spammer", "alice", "legend"}) {
    CAPTURE(host);
    CHECK(!get(first.find_node(host), "pos").empty());
    CHECK(get(first.find_node(host), "pos") == get(last.find_node(host), "pos"));
  }
  CHECK(edge_count(first) == edge_count(last));
  CHECK(get(first.get(), "layout") == "nop2");
  // Edges keep the whole run's splines and label places, so labels stay beside their edges.
  Agedge_t* spam = find_edge(first, "spammer", "relay", "refused", "554 5.7.1");
  CHECK(!get(spam, "pos").empty());
  CHECK(!get(spam, "lp").empty());
  // The spam was refused in the first 20 minutes; in the last frame its edge is faint.
  CHECK(get(find_edge(first, "spammer", "relay", "refused", "554 5.7.1"), "copies") == "1");
  CHECK(get(find_edge(last, "spammer", "relay", "flow_class", "spam"), "copies") == "0");
}

TEST_CASE("message path: hops in order with their replies: a refused hop is red, dashed, with its code") {
  const RunRecord run = small_run();
  Graph delivered("d");
  build_message_path(delivered, run, 1);
  Agedge_t* first = find_edge(delivered, "spammer", "relay", "step", "1");
  Agedge_t* second = find_edge(delivered, "relay", "mx.victim", "step", "2");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(get(second, "reply") == "250 2.1.5");
  CHECK(get(delivered.find_node("end delivered mx.victim"), "final") == "delivered");

  Graph refused("r");
  build_message_path(refused, run, 2);
  Agedge_t* hop = find_edge(refused, "spammer", "relay", "step", "1");
  REQUIRE(hop);
  CHECK(get(hop, "refused") == "true");
  CHECK(get(hop, "style") == "dashed");
  CHECK(get(hop, "color") == style::kVermillion);
  CHECK(contains(get(hop, "label"), "554 5.7.1"));
  // The copy's end is drawn at the server that refused it.
  CHECK(get(refused.find_node("end rejected relay"), "final") == "rejected");
}

TEST_CASE("message path: deferrals and the retry, and a bounce drawn back to the sender") {
  const RunRecord run = small_run();
  Graph retried("d");
  build_message_path(retried, run, 3);
  Agedge_t* deferral = find_edge(retried, "mx2.victim", "mx2.victim", "deferred", "1");
  REQUIRE(deferral);
  CHECK(contains(get(deferral, "label"), "421 4.4.1"));
  CHECK(find_edge(retried, "mx2.victim", "mx.victim", "step", "3"));

  Graph bounced("b");
  build_message_path(bounced, run, 4);
  Agedge_t* back = find_edge(bounced, "relay", "alice", "bounce", "true");
  REQUIRE(back);
  CHECK(contains(get(back, "label"), "alice@campus.example"));
  CHECK(get(bounced.find_node("end bounced relay"), "final") == "bounced");
}

TEST_CASE("message path: an unknown message is an error that names the trace") {
  const RunRecord run = small_run();
  Graph g("x");
  CHECK_THROWS_AS(build_message_path(g, run, 99), RunRecordError);
}

TEST_CASE("every diagram has a title and a legend") {
  const RunRecord run = small_run();
  Graph t("t"), f("f"), m("m");
  build_topology_diagram(t, run.topology);
  build_flow_map(f, run);
  build_message_path(m, run, 1);
  for (Graph* g : {&t, &f, &m}) {
    CHECK(!get(g->get(), "label").empty());
    CHECK(g->find_node("legend"));
  }
}

TEST_CASE("side by side: both runs' hosts at identical positions, one half shifted right") {
  const RunRecord before = small_run();
  RunRecord after = small_run();
  after.topology.scenario = "small-closed";
  after.trace.resize(4);  // only the first, delivered message
  Context context;
  Graph g("compare");
  build_comparison(context, g, before, after);
  CHECK(get(g.get(), "layout") == "nop2");
  double offset = -1;
  for (const char* host : {"relay", "mx.victim", "mx2.victim", "spammer", "alice"}) {
    CAPTURE(host);
    double bx = 0, by = 0, ax = 0, ay = 0;
    REQUIRE(std::sscanf(get(g.find_node(std::string("before/") + host), "pos").c_str(), "%lf,%lf", &bx, &by) == 2);
    REQUIRE(std::sscanf(get(g.find_node(std::string("after/") + host), "pos").c_str(), "%lf,%lf", &ax, &ay) == 2);
    CHECK(ay == by);
    if (offset < 0) offset = ax - bx;
    CHECK(ax - bx == Approx(offset));
  }
  CHECK(offset > 0);
  CHECK(find_edge(g, "before/spammer", "before/relay", "refused", "554 5.7.1"));
  CHECK_FALSE(find_edge(g, "after/spammer", "after/relay", "refused", "554 5.7.1"));
}

TEST_CASE("stacked: both runs' hosts at the same x, the first run above the second") {
  const RunRecord before = small_run();
  RunRecord after = small_run();
  after.trace.resize(4);
  Context context;
  Graph g("compare");
  build_comparison(context, g, before, after,
                   {ComparisonLook::Arrangement::Stacked, {style::kSlideSizes, {}}, false});
  for (const char* host : {"relay", "mx.victim", "spammer", "alice"}) {
    CAPTURE(host);
    double bx = 0, by = 0, ax = 0, ay = 0;
    REQUIRE(std::sscanf(get(g.find_node(std::string("before/") + host), "pos").c_str(), "%lf,%lf", &bx, &by) == 2);
    REQUIRE(std::sscanf(get(g.find_node(std::string("after/") + host), "pos").c_str(), "%lf,%lf", &ax, &ay) == 2);
    CHECK(ax == bx);
    CHECK(by > ay);
  }
  CHECK_FALSE(g.find_node("legend"));
}
