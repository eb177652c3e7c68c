#include "world/agent.h"

#include <algorithm>

#include "sim/prefetch.h"

namespace relaysim::world {

namespace {

// A host address in `network`, skipping the network and broadcast addresses where there are any.
std::uint32_t host_in(const mta::Cidr& network, std::uint64_t n) {
  const std::uint32_t host_bits = 32u - network.prefix;
  const std::uint64_t hosts = host_bits >= 32 ? (1ull << 32) : (1ull << host_bits);
  const std::uint64_t offset = hosts > 2 ? 1 + n % (hosts - 2) : n % hosts;
  return network.network + static_cast<std::uint32_t>(offset);
}

}  // namespace

Agent::Agent(const AgentConfig& config, std::uint32_t node, std::uint32_t ip, std::uint64_t seed,
             mta::QueueEntryPool& queue_entries, std::vector<std::uint32_t> relays)
    : config_(config),
      stop_(config.stop.value_or(0)),
      message_limit_(config.messages.value_or(UINT64_MAX)),
      node_(node),
      ip_(ip),
      random_(seed, "agent:" + config.name),
      relays_(std::move(relays)),
      outbox_(queue_entries) {
  if (config.kind == AgentKind::Bot || config.hunt) {
    side_random_ = std::make_unique<sim::RandomStream>(seed, "agent-address:" + config.name);
  }
  if (config.kind == AgentKind::Bot) bots_.resize(std::max<std::uint32_t>(config.bots, 1));
}

std::uint32_t Agent::client_ip(sim::SimTime now) {
  if (config_.kind != AgentKind::Bot) return ip_;
  // Without a network of their own, bots come from 198.18.0.0/15 (RFC 2544's test range).
  const mta::Cidr network = config_.bot_network.network != 0 ? config_.bot_network : mta::Cidr{0xC6120000u, 15};
  Bot& bot = bots_[side_random_->uniform_int(0, bots_.size() - 1)];
  if (bot.dies_at <= now) {
    // The infected machine was cleaned, went offline or changed address: another takes its place.
    bot.ip = host_in(network, side_random_->uniform_int(0, UINT32_MAX));
    bot.dies_at = now + std::max<sim::SimTime>(1, config_.bot_lifetime.sample(*side_random_));
    ++bots_spawned_;
  }
  return bot.ip;
}

sim::SimTime Agent::next_probe_interval() {
  const double seconds = side_random_->exponential(config_.hunt->probes_per_hour / 3600.0);
  return sim::interval_from_seconds(seconds);
}

// Scanners walked address ranges in order.
std::uint32_t Agent::next_probe_address() { return host_in(config_.hunt->network, probe_offset_++); }

std::uint32_t Agent::relay_after(std::uint32_t mta) const {
  const auto it = std::find(relays_.begin(), relays_.end(), mta);
  if (it == relays_.end() || it + 1 == relays_.end()) return relays_.front();
  return *(it + 1);
}

bool Agent::learn_relay(std::uint32_t mta) {
  if (std::find(relays_.begin(), relays_.end(), mta) != relays_.end()) return false;
  relays_.push_back(mta);
  return true;
}

bool Agent::forget_relay(std::uint32_t mta) {
  const auto it = std::find(relays_.begin(), relays_.end(), mta);
  if (it == relays_.end()) return false;
  relays_.erase(it);
  if (relay_turn_ >= relays_.size()) relay_turn_ = 0;
  return true;
}

sim::SimTime Agent::next_interval() {
  const double rate_per_second = config_.rate_per_hour / 3600.0;
  if (rate_per_second <= 0) return 0;
  const double seconds = random_.exponential(rate_per_second);
  return sim::interval_from_seconds(seconds);
}

void Agent::write_random_address(std::uint64_t domain_index, std::string& address) {
  const std::uint64_t user = random_.uniform_int(1, std::max<std::uint32_t>(config_.random_to.count, 1));
  address.assign("user").append(std::to_string(user)).append("@").append(config_.random_to.domains[domain_index]);
}

// Written over the strings `out` already holds, so that a warm scratch list allocates nothing.
void Agent::pick_recipients(std::vector<std::string>& out) {
  const std::size_t fixed = config_.to.size();
  const std::size_t domains = config_.random_to.domains.empty() ? 0 : config_.random_to.domains.size();
  const std::uint64_t choices = fixed + domains;
  std::size_t picked = 0;
  if (choices > 0) {
    const std::uint64_t domain_of_message = domains ? random_.uniform_int(0, domains - 1) : 0;
    for (std::uint32_t i = 0; i < config_.recipients_per_message; ++i) {
      // Fixed addresses and generated ones are drawn in proportion to how many choices each offers.
      const std::uint64_t pick = random_.uniform_int(0, choices - 1);
      if (out.size() == picked) out.emplace_back();
      std::string& address = out[picked];
      if (pick < fixed) {
        address.assign(config_.to[pick]);
      } else {
        write_random_address(sends_direct() ? domain_of_message : pick - fixed, address);
      }
      const auto end = out.begin() + static_cast<std::ptrdiff_t>(picked);
      if (std::find(out.begin(), end, address) == end) ++picked;
    }
  }
  out.resize(picked);
}

std::uint32_t Agent::next_relay() {
  const std::uint32_t turn = relay_turn_ < relays_.size() ? relay_turn_ : 0;
  relay_turn_ = static_cast<std::uint32_t>((turn + 1) % std::max<std::size_t>(relays_.size(), 1));
  return relays_[turn];
}

void Agent::warm_fields() const {
  sim::prefetch_object(*this);  // its fields and its random stream, 208 bytes
}

void Agent::warm_configuration() const {
  sim::prefetch_range(&config_, &config_.message_size + 1);
  sim::prefetch(relays_.data());
  outbox_.warm();
}

void Agent::warm_addresses() const {
  sim::prefetch(config_.address.data());
  if (config_.login) sim::prefetch(config_.login->data());
  if (config_.password) sim::prefetch(config_.password->data());
  sim::prefetch_range(config_.to.data(), config_.to.data() + config_.to.size());
  for (const std::string& to : config_.to) sim::prefetch(to.data());
}

}  // namespace relaysim::world
