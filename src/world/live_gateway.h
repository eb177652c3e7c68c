// Live sessions: real SMTP clients (relaysim serve) talk to the simulated MTAs. Each real
// connection gets a server session of its own, bound to an MTA and counted against its
// max_sessions, whose policy is the MTA's (the client meets the scenario's relay rules and
// defences). Mail it takes enters the world as mail from a stand-in agent and is handed to the
// queue manager as any server session's is; from then on it is simulated mail like the rest.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "smtp/command.h"
#include "smtp/reply.h"
#include "smtp/server_session.h"
#include "world/queue_manager.h"
#include "world/session_runner.h"
#include "world/world_state.h"

namespace relaysim::world {

// A message a live session handed over at the end of DATA, as a journal keeps it: enough to
// take it again in a world rebuilt from the scenario (relaysim recover).
struct LiveHandover {
  struct Recipient {
    std::string path;       // the forward path as the client wrote it
    bool accepted = false;  // RCPT got 2xx: the MTA took this copy
    smtp::Reply reply;      // the RCPT reply, its arg left empty (a view would not survive a copy)
    std::string reply_arg;  // ...and the arg it had
    smtp::Reply full_reply() const {
      smtp::Reply r = reply;
      r.arg = reply_arg;
      return r;
    }
  };
  sim::SimTime at = 0;
  std::uint64_t session_id = 0;
  std::uint32_t mta = 0;
  bool submission_port = false;
  std::uint64_t queue_id = 0;  // what the client was told: "queued as <hex>"
  std::string helo;
  bool extended = false;  // the client greeted with EHLO
  std::string authenticated_user;
  std::string sender;
  std::uint64_t size = 0;
  std::vector<Recipient> recipients;
  std::string content;  // the message as the client sent it, when serve keeps it (--mailboxes)
};

class LiveGateway {
 public:
  LiveGateway(WorldState& world, SessionRunner& sessions, QueueManager& queues);
  ~LiveGateway();
  LiveGateway(const LiveGateway&) = delete;
  LiveGateway& operator=(const LiveGateway&) = delete;

  // A session at MTA `mta` for a real client whose mail comes from agent `client_agent` (a
  // stand-in host the caller put in the scenario). A transaction's recipients the server refused
  // become rejected copies; one the client abandons leaves nothing. Returns the session's id, or
  // nullopt when the MTA has max_sessions open (answer 421 4.7.0).
  std::optional<std::uint64_t> open(std::uint32_t mta, bool submission_port, std::uint32_t client_agent);
  // The session's state machine, for a text layer (smtp::TextServer) to feed.
  smtp::ServerSession& server(std::uint64_t id);
  // Bytes arrived: the commands until the next call were sent together (PIPELINING).
  void input(std::uint64_t id);
  // Each reply the session sent, in order, with the command it answered (null for the greeting
  // or a 421 the listener sent by itself): for transcripts and the transaction in progress.
  // AUTH secrets are not kept.
  void exchange(std::uint64_t id, const smtp::Command* command, const smtp::Reply& reply);
  // The connection ended (QUIT, 421, the client vanished): a transaction in progress is dropped.
  void close(std::uint64_t id);
  std::size_t open_count() const { return open_.size(); }

  // The message the session's last final 250 accepted; null before there is one.
  const LiveHandover* handover(std::uint64_t id) const;
  // Takes a journalled message again, now, as it was taken: the end-of-DATA checks are not
  // allowed to refuse it (its client was told 250), and each distinct session_id counts as one
  // session at its MTA. Its transcript shows the transaction rebuilt from the handover.
  void replay(const LiveHandover& handover, std::uint32_t client_agent);

 private:
  class Session;

  WorldState& world_;
  SessionRunner& sessions_;
  QueueManager& queues_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Session>> open_;
  // Replaying a journal: the session each journalled session id became.
  std::unordered_map<std::uint64_t, SessionInfo> replayed_;
};

}  // namespace relaysim::world
