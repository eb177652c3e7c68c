// Which real TCP ports `relaysim serve` opens, and for which simulated MTA: parsed from
// --listen ADDR:PORT=MTA[/submission], or by default one loopback port per MTA from 2525.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "world/world_config.h"

namespace relaysim::live {

// One listening socket: the port-25 (MX) or port-587 (submission) face of a simulated MTA.
struct Listener {
  std::string address;     // numeric IPv4 or IPv6 address, e.g. 127.0.0.1 or ::1
  std::uint16_t port = 0;  // 0: the system picks a free port
  std::uint32_t mta = 0;   // index into WorldConfig::mtas
  bool submission = false; // RFC 6409 semantics: MAIL before AUTH gets 530 5.7.0
};

inline constexpr std::uint16_t kDefaultBasePort = 2525;

// The default listeners on `address`: one per MTA on consecutive ports from `base_port` (port-25
// role, in the scenario's order), then one more per MTA with `submission: true` (port-587 role).
std::vector<Listener> default_listeners(const world::WorldConfig& config, const std::string& address,
                                        std::uint16_t base_port);

// Parses "ADDR:PORT=MTA" or "ADDR:PORT=MTA/submission" ("[::1]:2525=..." for IPv6; "localhost"
// means 127.0.0.1; ":PORT" or "PORT" alone means 127.0.0.1). Sets `error` and returns nullopt on failure.
std::optional<Listener> parse_listener(std::string_view text, const world::WorldConfig& config, std::string& error);

// True for 127.0.0.0/8 and ::1.
bool is_loopback(const std::string& address);

// Checks a whole plan: addresses that are not loopback need `allow_remote`, submission
// listeners need an MTA with `submission: true`, and no ADDR:PORT (other than port 0) twice.
// Returns an error message, or "" when the plan is good.
std::string check_listeners(const std::vector<Listener>& listeners, const world::WorldConfig& config,
                            bool allow_remote);

// "127.0.0.1:2525" or "[::1]:2525".
std::string endpoint_text(const std::string& address, std::uint16_t port);

// The simulated address real clients get by default: the first of 100.64.1.1, 100.64.1.2, ...
// (RFC 6598 shared address space) that no host of the scenario uses and no MTA's mynetworks holds.
std::uint32_t default_client_ip(const world::WorldConfig& config);

// The name of the host that stands for real clients in the world ("live-client", or
// "live-client-2"... when the scenario has a host of that name).
std::string live_client_name(const world::WorldConfig& config);

// Adds to `config` the agent that stands for real clients: a user host at `ip` sending mail of
// `message_class`, with the listeners' MTAs as its `via` (so diagrams show where it connects), and
// never sending by itself (messages: 0). Returns its index in config.agents.
std::uint32_t add_live_client(world::WorldConfig& config, std::uint32_t ip, world::MessageClass message_class,
                              const std::vector<Listener>& listeners);

}  // namespace relaysim::live
