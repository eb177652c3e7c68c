#include "world/topology.h"

#include <catch2/catch.hpp>

namespace relaysim::world {
namespace {

using sim::kHour;
using sim::kMillisecond;

TEST_CASE("hosts talk over the default latency unless a link between them says otherwise, both ways") {
  Topology topology(40 * kMillisecond);
  const auto a = topology.add_node({"a.example", NodeKind::Mta, 1, {}});
  const auto b = topology.add_node({"b.example", NodeKind::Mta, 2, {}});
  const auto c = topology.add_node({"c.example", NodeKind::Mta, 3, {}});
  topology.add_link(a, b, 5 * kMillisecond);
  CHECK(topology.latency(a, b) == 5 * kMillisecond);
  CHECK(topology.latency(b, a) == 5 * kMillisecond);
  CHECK(topology.latency(a, c) == 40 * kMillisecond);  // a has a link, but not to c
  CHECK(topology.latency(c, b) == 40 * kMillisecond);  // c has none at all
}

TEST_CASE("a host is down only inside its outages, and a host without outages never is") {
  Topology topology(40 * kMillisecond);
  const auto flaky = topology.add_node({"flaky.example", NodeKind::Mta, 1, {{1 * kHour, 2 * kHour}}});
  const auto steady = topology.add_node({"steady.example", NodeKind::Mta, 2, {}});
  CHECK_FALSE(topology.is_down(flaky, 1 * kHour - 1));
  CHECK(topology.is_down(flaky, 1 * kHour));
  CHECK(topology.is_down(flaky, 2 * kHour - 1));
  CHECK_FALSE(topology.is_down(flaky, 2 * kHour));  // the interval ends where the next begins
  CHECK_FALSE(topology.is_down(steady, 1 * kHour));
}

}  // namespace
}  // namespace relaysim::world
