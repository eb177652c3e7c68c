// The live listener of `relaysim serve`: real TCP sockets in front of simulated MTAs, and the
// simulated world run against the wall clock. One Boost.Asio io_context drives every socket and
// the clock in one thread; each connection is a smtp::TextServer around the world's server
// session for it, fed as bytes arrive. It only ever accepts connections: it opens none.
// Replies that tell a client its message is queued wait until the journal has it on disk.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "live/journal.h"
#include "live/listen_plan.h"
#include "sim/sim_time.h"
#include "text/catalog.h"
#include "world/world.h"

namespace relaysim::live {

struct ServeOptions {
  std::vector<Listener> listeners;
  std::uint32_t client_agent = 0;  // the world's agent that stands for real clients
  double speed = 1.0;              // simulated seconds per wall-clock second
  // Postfix smtpd_timeout, and RFC 5321 4.5.3.2.7's server timeout: each command line (and each
  // line of a message's content) must be complete within this of the previous one, or of the
  // last reply; only a complete line restarts it, so a client sending a byte a second gets no
  // longer than one sending nothing. 421 4.4.2 and the session is closed.
  std::chrono::milliseconds idle_timeout{300'000};
  // The message content, from 354 to the final dot (RFC 5321 4.5.3.2.6: 10 minutes).
  std::chrono::milliseconds data_timeout{600'000};
  // The whole session, however busy: nobody holds one of max_sessions for ever.
  std::chrono::milliseconds session_deadline{1'800'000};
  std::optional<sim::SimTime> until;  // stop by itself when the simulated time reaches this
  std::ostream* log = nullptr;     // one line per session, when set
  std::ostream* status = nullptr;  // a progress line rewritten in place (a terminal), when set
  text::Catalog catalog;           // the language of the log and progress lines
  bool keep_content = false;       // keep each message as the client sent it (--mailboxes)
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
  std::uint64_t timed_out = 0;     // sessions dropped with 421 4.4.2 (a timeout or deadline)
  std::uint64_t messages_accepted = 0;  // final 250 replies after DATA
  bool interrupted = false;        // stopped by SIGINT/SIGTERM (rather than --until)
};

class LiveServer {
 public:
  explicit LiveServer(ServeOptions options);
  ~LiveServer();
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  // Opens every listening socket, before anything else is made: throws std::runtime_error
  // naming the one that failed (`config` names the MTAs).
  std::vector<BoundListener> bind(const world::WorldConfig& config);
  // Serves `world` (started with World::start; it must outlive the call) until SIGINT/SIGTERM
  // or --until: then stops accepting, ends every session with 421 4.3.2, and advances the
  // world to the time reached. The world is not finished. Every message a client is told 250
  // for is in `journal`, on disk, before the 250 is sent (one fdatasync, on a thread of its own,
  // for all the messages that arrive while the one before runs); a journal that cannot be
  // written stops serve (std::runtime_error) before any more 250s go out.
  ServeTotals run(world::World& world, JournalWriter& journal);

 private:
  class Impl;
  friend class Connection;  // one client's connection (live_server.cpp)
  std::unique_ptr<Impl> impl_;
};

}  // namespace relaysim::live
