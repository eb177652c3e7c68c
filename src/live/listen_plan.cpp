#include "live/listen_plan.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <set>

namespace relaysim::live {
namespace {

bool is_ipv4(const std::string& address) {
  in_addr a{};
  return inet_pton(AF_INET, address.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& address) {
  in6_addr a{};
  return inet_pton(AF_INET6, address.c_str(), &a) == 1;
}

std::optional<std::uint32_t> find_mta(const world::WorldConfig& config, std::string_view name) {
  for (std::uint32_t i = 0; i < config.mtas.size(); ++i) {
    if (config.mtas[i].name == name) return i;
  }
  return std::nullopt;
}

std::string mta_names(const world::WorldConfig& config) {
  std::string names;
  for (const auto& m : config.mtas) names += (names.empty() ? "" : ", ") + m.name;
  return names;
}

bool used_ip(const world::WorldConfig& config, std::uint32_t ip) {
  const auto in_mynetworks = [ip](const world::MtaNodeConfig& m) {
    return m.ip == ip || std::any_of(m.mynetworks.begin(), m.mynetworks.end(),
                                     [ip](const mta::Cidr& c) { return c.contains(ip); });
  };
  return std::any_of(config.mtas.begin(), config.mtas.end(), in_mynetworks) ||
         std::any_of(config.agents.begin(), config.agents.end(),
                     [ip](const world::AgentConfig& a) {
                       return a.ip == ip || (a.kind == world::AgentKind::Bot && a.bot_network.prefix < 32 &&
                                             a.bot_network.contains(ip));
                     });
}

}  // namespace

std::vector<Listener> default_listeners(const world::WorldConfig& config, const std::string& address,
                                        std::uint16_t base_port) {
  std::vector<Listener> listeners;
  std::uint32_t port = base_port;
  for (std::uint32_t i = 0; i < config.mtas.size(); ++i) {
    listeners.push_back({address, static_cast<std::uint16_t>(base_port == 0 ? 0 : port++), i, false});
  }
  for (std::uint32_t i = 0; i < config.mtas.size(); ++i) {
    if (!config.mtas[i].submission) continue;
    listeners.push_back({address, static_cast<std::uint16_t>(base_port == 0 ? 0 : port++), i, true});
  }
  return listeners;
}

std::optional<Listener> parse_listener(std::string_view text, const world::WorldConfig& config, std::string& error) {
  const std::string usage = "expected ADDR:PORT=MTA or ADDR:PORT=MTA/submission, e.g. 127.0.0.1:2525=";
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    error = "--listen " + std::string(text) + ": " + usage + (config.mtas.empty() ? "" : config.mtas[0].name);
    return std::nullopt;
  }
  std::string_view where = text.substr(0, equals);
  std::string_view who = text.substr(equals + 1);

  Listener listener;
  constexpr std::string_view kSubmission = "/submission";
  if (who.size() > kSubmission.size() && who.substr(who.size() - kSubmission.size()) == kSubmission) {
    listener.submission = true;
    who.remove_suffix(kSubmission.size());
  }
  const auto mta = find_mta(config, who);
  if (!mta) {
    error = "--listen " + std::string(text) + ": no MTA named '" + std::string(who) + "' in the scenario (it has " +
            mta_names(config) + ")";
    return std::nullopt;
  }
  listener.mta = *mta;

  std::string_view port_text = where;
  std::string address = "127.0.0.1";
  if (!where.empty() && where.front() == '[') {
    const std::size_t close = where.find(']');
    if (close == std::string_view::npos || close + 1 >= where.size() || where[close + 1] != ':') {
      error = "--listen " + std::string(text) + ": " + usage + std::string(who);
      return std::nullopt;
    }
    address = std::string(where.substr(1, close - 1));
    port_text = where.substr(close + 2);
  } else if (const std::size_t colon = where.rfind(':'); colon != std::string_view::npos) {
    if (colon > 0) address = std::string(where.substr(0, colon));
    port_text = where.substr(colon + 1);
  }
  if (address == "localhost") address = "127.0.0.1";
  if (!is_ipv4(address) && !is_ipv6(address)) {
    error = "--listen " + std::string(text) + ": '" + address + "' is not a numeric IPv4 or IPv6 address";
    return std::nullopt;
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    error = "--listen " + std::string(text) + ": '" + std::string(port_text) + "' is not a port number (0-65535)";
    return std::nullopt;
  }
  listener.address = address;
  listener.port = static_cast<std::uint16_t>(port);
  return listener;
}

bool is_loopback(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return false;
  static constexpr std::array<std::uint8_t, 16> kLoopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (std::memcmp(v6.s6_addr, kLoopback.data(), 16) == 0) return true;
  // ::ffff:127.x.y.z, an IPv4 loopback address written as IPv6
  static constexpr std::array<std::uint8_t, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(v6.s6_addr, kMapped.data(), 12) == 0 && v6.s6_addr[12] == 127;
}

std::string check_listeners(const std::vector<Listener>& listeners, const world::WorldConfig& config,
                            bool allow_remote) {
  if (listeners.empty()) return "the scenario has no MTA to serve";
  std::set<std::string> seen;
  for (const Listener& l : listeners) {
    const std::string where = endpoint_text(l.address, l.port);
    if (!is_loopback(l.address) && !allow_remote) {
      return "refusing to listen on " + where + ": it is not a loopback address, so other machines could "
             "connect to the simulated " + config.mtas[l.mta].name + "; add --allow-remote if that is what you want";
    }
    if (l.submission && !config.mtas[l.mta].submission) {
      return "--listen " + where + "=" + config.mtas[l.mta].name + "/submission: that MTA has no submission "
             "port (set submission: true in the scenario)";
    }
    if (l.port != 0 && !seen.insert(where).second) return "two listeners on " + where;
  }
  return {};
}

std::string endpoint_text(const std::string& address, std::uint16_t port) {
  const std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
  return host + ":" + std::to_string(port);
}

std::uint32_t default_client_ip(const world::WorldConfig& config) {
  std::uint32_t ip = (100u << 24) | (64u << 16) | (1u << 8) | 1u;  // 100.64.1.1
  const std::uint32_t last = (100u << 24) | (127u << 16) | 0xfffeu;  // 100.127.255.254
  const auto usable = [&](std::uint32_t a) { return (a & 0xff) != 0 && (a & 0xff) != 0xff && !used_ip(config, a); };
  while (ip < last && !usable(ip)) ++ip;
  // Every address is in some mynetworks (0.0.0.0/0, say): then it does not matter which.
  return ip < last ? ip : (100u << 24) | (64u << 16) | (1u << 8) | 1u;
}

std::string live_client_name(const world::WorldConfig& config) {
  const auto taken = [&](const std::string& name) {
    return std::any_of(config.mtas.begin(), config.mtas.end(), [&](const auto& m) { return m.name == name; }) ||
           std::any_of(config.agents.begin(), config.agents.end(), [&](const auto& a) { return a.name == name; });
  };
  std::string name = "live-client";
  for (int n = 2; taken(name); ++n) name = "live-client-" + std::to_string(n);
  return name;
}

std::uint32_t add_live_client(world::WorldConfig& config, std::uint32_t ip, world::MessageClass message_class,
                              const std::vector<Listener>& listeners) {
  world::AgentConfig agent;
  agent.name = live_client_name(config);
  agent.kind = world::AgentKind::User;
  agent.message_class = message_class;
  agent.ip = ip;
  for (const Listener& l : listeners) {
    const std::string& mta = config.mtas[l.mta].name;
    if (std::find(agent.via.begin(), agent.via.end(), mta) == agent.via.end()) agent.via.push_back(mta);
  }
  agent.messages = 0;  // real clients send; the agent itself never does
  config.agents.push_back(std::move(agent));
  return static_cast<std::uint32_t>(config.agents.size() - 1);
}

}  // namespace relaysim::live
