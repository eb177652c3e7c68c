// The network as a Boost.Graph: hosts (MTAs first, then agents' client hosts) as vertices
// with bundled properties, explicit links with their latency as edges; any two hosts
// without an explicit link talk over the default latency.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/sim_time.h"
#include "world/name_map.h"
#include "world/world_config.h"

namespace relaysim::world {

enum class NodeKind : std::uint8_t { Mta, UserHost, SpammerHost, Botnet };

struct Node {
  std::string name;
  NodeKind kind = NodeKind::Mta;
  std::uint32_t ip = 0;
  std::vector<Interval> down;  // outages: unreachable in these intervals
};

struct Link {
  sim::SimTime latency = 0;  // one way
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Node, Link>;

class Topology {
 public:
  explicit Topology(sim::SimTime default_latency) : default_latency_(default_latency) {}

  // Room for `hosts` nodes in the name and address indexes, so that building them does not rehash.
  void reserve(std::size_t hosts);
  std::uint32_t add_node(Node node);
  void add_link(std::uint32_t a, std::uint32_t b, sim::SimTime latency);

  const Node& node(std::uint32_t n) const { return graph_[n]; }
  std::size_t size() const { return boost::num_vertices(graph_); }
  // The node with that name, or UINT32_MAX.
  std::uint32_t find(std::string_view name) const;
  // The MTA or host answering at `ip`, or UINT32_MAX.
  std::uint32_t find_ip(std::uint32_t ip) const;
  sim::SimTime latency(std::uint32_t a, std::uint32_t b) const;
  // Cache warming ahead of a session with node `n` (sim/prefetch.h).
  void warm(std::uint32_t n) const;
  bool is_down(std::uint32_t n, sim::SimTime t) const;
  const Graph& graph() const { return graph_; }

 private:
  Graph graph_;
  sim::SimTime default_latency_;
  NameMap<std::uint32_t> by_name_;
  std::unordered_map<std::uint32_t, std::uint32_t> by_ip_;
  // Per node, whether it has outages and explicit links: one byte each, side by side, so that
  // the common answer (none) comes from a line shared by 64 nodes, not from the node's own.
  std::vector<std::uint8_t> has_outages_;
  std::vector<std::uint8_t> has_links_;
};

}  // namespace relaysim::world
