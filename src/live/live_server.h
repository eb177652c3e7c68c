// The live listener of `relaysim serve`: real TCP sockets in front of simulated MTAs, and the
// simulated world run against the wall clock. One Boost.Asio io_context drives every socket and
// the clock in one thread; each connection is a smtp::TextServer around the world's server
// session for it, fed as bytes arrive. It only ever accepts connections: it opens none.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "live/listen_plan.h"
#include "sim/sim_time.h"
#include "world/world.h"

namespace relaysim::live {

struct ServeOptions {
  std::vector<Listener> listeners;
  std::uint32_t client_agent = 0;  // the world's agent that stands for real clients
  double speed = 1.0;              // simulated seconds per wall-clock second
  // Postfix smtpd_timeout: a client that sends nothing for this long gets 421 4.4.2 and is dropped.
  std::chrono::milliseconds idle_timeout{300'000};
  std::optional<sim::SimTime> until;  // stop by itself when the simulated time reaches this
  std::ostream* log = nullptr;     // one line per session, when set
  std::ostream* status = nullptr;  // a progress line rewritten in place (a terminal), when set
};

// A listener once bound: where it really listens (the port the system chose, for port 0).
struct BoundListener {
  Listener listener;
  std::string endpoint;  // "127.0.0.1:2525"
};

struct ServeTotals {
  sim::SimTime reached = 0;        // the simulated time the world was advanced to
  std::uint64_t connections = 0;   // accepted TCP connections
  std::uint64_t turned_away = 0;   // of those, answered 421 4.7.0 (the MTA had max_sessions open)
  std::uint64_t timed_out = 0;     // sessions dropped after the idle timeout
  std::uint64_t messages_accepted = 0;  // final 250 replies after DATA
  bool interrupted = false;        // stopped by SIGINT/SIGTERM (rather than --until)
};

class LiveServer {
 public:
  // The world must have been started (World::start) and must outlive the server.
  LiveServer(world::World& world, ServeOptions options);
  ~LiveServer();
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  // Opens every listening socket; throws std::runtime_error naming the one that failed.
  std::vector<BoundListener> bind();
  // Serves until SIGINT/SIGTERM (or --until): then stops accepting, ends every session with
  // 421 4.3.2, and advances the world to the time reached. The world is not finished.
  ServeTotals run();

 private:
  class Impl;
  friend class Connection;  // one client's connection (live_server.cpp)
  std::unique_ptr<Impl> impl_;
};

}  // namespace relaysim::live
