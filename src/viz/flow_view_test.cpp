// A world too large for a slide keeps its lesson: hosts grouped by role, copies conserved.
#include "viz/flow_view.h"

#include <catch2/catch.hpp>

#include "viz/test_run_record.h"
#include "viz/topology_difference.h"

using namespace relaysim::viz;
using relaysim::viz::testing::small_run;

namespace {

std::uint64_t total_copies(const FlowView& view) {
  std::uint64_t n = view.hidden_copies;
  for (const auto& [key, copies] : view.counts.flows) n += copies;
  return n;
}

}  // namespace

TEST_CASE("a flow view within its budget draws every host and flow as the run has them") {
  const RunRecord run = small_run();
  const FlowView view = flow_view(run, {}, 100);
  CHECK(view.group_heads.empty());
  CHECK(view.topology.nodes.size() == run.topology.nodes.size());
  CHECK(view.counts.flows == count_flows(run).flows);
}

TEST_CASE("over its budget, a flow view groups hosts of one role and keeps every copy counted") {
  RunRecord run = small_run();
  NodeRecord second = run.topology.nodes[0];  // a second open relay
  second.name = "relay2";
  run.topology.nodes.push_back(second);
  run.trace.push_back(relaysim::viz::testing::rcpt(20, 9, "spam", "spammer", "relay2", 250, "2.1.5"));
  run.relay_closed_at["relay2"] = 1800;
  const FlowView all = flow_view(run);
  const FlowView grouped = flow_view(run, {}, 4);
  REQUIRE(grouped.group_heads.count("servers: open relay (2)"));
  CHECK(grouped.group_heads.at("servers: open relay (2)").find("relay2 (closed at 00:30:00)") != std::string::npos);
  CHECK(grouped.counts.flows.size() <= 4);
  CHECK(total_copies(grouped) == total_copies(all));
}

TEST_CASE("a comparison names the server whose relay policy differs, in Postfix's words") {
  const RunRecord before = small_run();
  RunRecord after = small_run();
  after.topology.nodes[0].policy = "authenticated";
  after.topology.nodes[0].relay_restrictions = {"permit_mynetworks", "permit_sasl_authenticated",
                                                "reject_unauth_destination"};
  const TopologyDifference d = what_differs(before.topology, after.topology);
  CHECK(d.title == "Open relay vs relays for its network + AUTH");
  CHECK(d.before == "relay, policy: open (mynetworks = 0.0.0.0/0)");
  CHECK(d.after == "relay, policy: permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination");
}

TEST_CASE("two worlds with the same servers are compared by their titles") {
  RunRecord before = small_run(), after = small_run();
  before.topology.title = "Before the blocklist";
  after.topology.title = "After the blocklist";
  const TopologyDifference d = what_differs(before.topology, after.topology);
  CHECK(d.before == "Before the blocklist");
  CHECK(d.after == "After the blocklist");
}

TEST_CASE("a copy refused after DATA counts as refused on the flow map, with that reply, not as the RCPT's 250") {
  using namespace relaysim::viz::testing;
  RunRecord run;
  // Message 1: 250 to the RCPT, then 550 5.7.1 after the dot (the client bounces it).
  run.trace.push_back(rcpt(10, 1, "ham", "fwd", "mx", 250, "2.1.5"));
  run.trace.push_back(settled(11, 1, "ham", "bounced", "fwd", 550, "5.7.1"));
  // Message 2: 250, then the message accepted: a plain accepted flow.
  run.trace.push_back(rcpt(20, 2, "ham", "fwd", "mx", 250, "2.1.5"));
  TraceEvent accepted = event(21, 2, "ham", "accepted");
  accepted.from = "fwd";
  accepted.to = "mx";
  run.trace.push_back(accepted);
  const FlowCounts counts = count_flows(run);
  CHECK(counts.flows.at({"fwd", "mx", "ham", "550 5.7.1", "", 25}) == 1);
  CHECK(counts.flows.at({"fwd", "mx", "ham", "", "", 25}) == 1);
  CHECK(counts.hosts.at("mx").refused == 1);
}

TEST_CASE("two runs whose worlds read the same (a variant changed an agent) are told apart by their folders") {
  RunRecord base = small_run();
  RunRecord variant = small_run();
  base.dir = "out/11-forwarding";
  variant.dir = "out/11-nodkim";
  const TopologyDifference d = what_differs(base, variant);
  CHECK(d.before != d.after);
  CHECK(d.before.find("(11-forwarding)") != std::string::npos);
  CHECK(d.after.find("(11-nodkim)") != std::string::npos);
  variant.topology.nodes[0].policy = "closed";  // a setting differs: the headings say which
  CHECK(what_differs(base, variant).after.find("11-nodkim") == std::string::npos);
}
