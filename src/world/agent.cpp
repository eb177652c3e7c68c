#include "world/agent.h"

#include <algorithm>

namespace relaysim::world {

Agent::Agent(const AgentConfig& config, std::uint32_t node, std::uint32_t ip, std::uint64_t seed)
    : config_(config),
      stop_(config.stop.value_or(0)),
      message_limit_(config.messages.value_or(UINT64_MAX)),
      node_(node),
      ip_(ip),
      random_(seed, "agent:" + config.name) {
  if (config.kind == AgentKind::Bot) bot_random_ = std::make_unique<sim::RandomStream>(seed, "agent-address:" + config.name);
}

std::uint32_t Agent::client_ip() {
  if (config_.kind != AgentKind::Bot) return ip_;
  // Without a network of their own, bots come from 198.18.0.0/15 (RFC 2544's test range).
  const mta::Cidr network = config_.bot_network.network != 0 ? config_.bot_network : mta::Cidr{0xC6120000u, 15};
  const std::uint32_t host_bits = 32u - network.prefix;
  const std::uint64_t hosts = host_bits >= 32 ? (1ull << 32) : (1ull << host_bits);
  // Each bot keeps its address: pick one of `bots` bots, spread over the network.
  const std::uint64_t bot = bot_random_->uniform_int(0, std::max<std::uint32_t>(config_.bots, 1) - 1);
  const std::uint64_t offset = hosts > 2 ? 1 + bot % (hosts - 2) : bot % hosts;
  return network.network + static_cast<std::uint32_t>(offset);
}

sim::SimTime Agent::next_interval() {
  const double rate_per_second = config_.rate_per_hour / 3600.0;
  if (rate_per_second <= 0) return 0;
  const double seconds = random_.exponential(rate_per_second);
  return std::max<sim::SimTime>(1, static_cast<sim::SimTime>(seconds * sim::kSecond));
}

std::string Agent::random_address(std::uint64_t domain_index) {
  const std::uint64_t user = random_.uniform_int(1, std::max<std::uint32_t>(config_.random_to.count, 1));
  return "user" + std::to_string(user) + "@" + config_.random_to.domains[domain_index];
}

void Agent::pick_recipients(std::vector<std::string>& out) {
  out.clear();
  const std::size_t fixed = config_.to.size();
  const std::size_t domains = config_.random_to.domains.empty() ? 0 : config_.random_to.domains.size();
  const std::uint64_t choices = fixed + domains;
  if (choices == 0) return;
  const std::uint64_t domain_of_message = domains ? random_.uniform_int(0, domains - 1) : 0;
  for (std::uint32_t i = 0; i < config_.recipients_per_message; ++i) {
    // Fixed addresses and generated ones are drawn in proportion to how many choices each offers.
    const std::uint64_t pick = random_.uniform_int(0, choices - 1);
    std::string address =
        pick < fixed ? config_.to[pick] : random_address(config_.via.empty() ? domain_of_message : pick - fixed);
    if (std::find(out.begin(), out.end(), address) == out.end()) out.push_back(std::move(address));
  }
}

std::uint32_t Agent::next_relay() {
  const std::uint32_t turn = relay_turn_;
  relay_turn_ = (relay_turn_ + 1) % std::max<std::size_t>(config_.via.size(), 1);
  return turn;
}

}  // namespace relaysim::world
