#include "world/topology.h"

#include <algorithm>

#include "sim/prefetch.h"

namespace relaysim::world {

void Topology::reserve(std::size_t hosts) {
  by_name_.reserve(hosts);
  by_ip_.reserve(hosts);
  has_outages_.reserve(hosts);
  has_links_.reserve(hosts);
}

std::uint32_t Topology::add_node(Node node) {
  const auto v = static_cast<std::uint32_t>(boost::add_vertex(graph_));
  by_name_.try_emplace(node.name, v);
  if (node.ip != 0) by_ip_.emplace(node.ip, v);
  has_outages_.push_back(node.down.empty() ? 0 : 1);
  has_links_.push_back(0);
  graph_[v] = std::move(node);
  return v;
}

void Topology::add_link(std::uint32_t a, std::uint32_t b, sim::SimTime latency) {
  const auto [edge, added] = boost::add_edge(a, b, graph_);
  graph_[edge].latency = latency;
  has_links_[a] = has_links_[b] = 1;
  (void)added;
}

std::uint32_t Topology::find(std::string_view name) const {
  const std::uint32_t* node = by_name_.find(name);
  return node == nullptr ? UINT32_MAX : *node;
}

std::uint32_t Topology::find_ip(std::uint32_t ip) const {
  const auto it = by_ip_.find(ip);
  return it == by_ip_.end() ? UINT32_MAX : it->second;
}

sim::SimTime Topology::latency(std::uint32_t a, std::uint32_t b) const {
  if (!has_links_[a]) return default_latency_;
  const auto [edge, exists] = boost::edge(a, b, graph_);
  return exists ? graph_[edge].latency : default_latency_;
}

void Topology::warm(std::uint32_t n) const {
  sim::prefetch(&graph_[n]);
  if (has_outages_[n]) sim::prefetch(graph_[n].down.data());
}

bool Topology::is_down(std::uint32_t n, sim::SimTime t) const {
  if (!has_outages_[n]) return false;
  const auto& down = graph_[n].down;
  return std::any_of(down.begin(), down.end(),
                     [t](const Interval& i) { return t >= i.from && t < i.to; });
}

}  // namespace relaysim::world
