// The client side of one SMTP session as a state machine: it reads replies and decides
// the next command to deliver one envelope, and records each recipient's outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/command.h"
#include "smtp/reply.h"

namespace relaysim::smtp {

struct Credentials {
  std::string_view user;
  std::string_view password;
  bool use_login = false;  // AUTH LOGIN instead of AUTH PLAIN
};

// What the client wants to send in this session. Views must outlive the session.
struct ClientJob {
  std::string_view helo_name;
  std::string_view reverse_path;   // "" is the null sender <>
  const std::string_view* recipients = nullptr;  // forward paths as they go into RCPT TO
  std::size_t recipient_count = 0;
  std::uint64_t size = 0;
  std::optional<Credentials> credentials;  // authenticate (after EHLO) when set
};

enum class RecipientOutcome : std::uint8_t {
  Pending,    // the session ended before this recipient was decided (e.g. connection lost)
  Accepted,   // the server took responsibility (250 after the end of data)
  Deferred,   // 4xx: try again later
  Refused,    // 5xx: permanent failure
};

struct RecipientResult {
  RecipientOutcome outcome = RecipientOutcome::Pending;
  Reply reply;  // the reply that decided it (RCPT's refusal, or the end-of-data reply); arg not kept
};

enum class ClientState : std::uint8_t {
  AwaitGreeting, AwaitEhlo, AwaitHelo, AwaitAuth, AwaitAuthChallenge, AwaitMail, AwaitRcpt,
  AwaitData, AwaitEndOfData, AwaitRset, AwaitQuit, Done,
};

class ClientSession {
 public:
  ClientSession() = default;
  // Starts a session for `job`, reusing storage; the first event is the server's greeting.
  void start(const ClientJob& job);

  // Feeds the server's reply to the last command (or the greeting). Returns the next command,
  // or nullopt when the session is over (after the reply to QUIT, or a 421).
  // Returned commands view storage inside this session or the job; valid until the next call.
  std::optional<Command> on_reply(const Reply& reply);

  // The connection was lost or timed out: every undecided recipient becomes Deferred.
  void on_connection_lost();

  ClientState state() const { return state_; }
  bool done() const { return state_ == ClientState::Done; }
  const std::vector<RecipientResult>& results() const { return results_; }
  // The server advertised these in its EHLO reply.
  std::uint8_t server_capabilities() const { return capabilities_; }

 private:
  std::optional<Command> next_after_greeting_or_auth();
  std::optional<Command> next_recipient_or_data();
  void settle_all(RecipientOutcome outcome, const Reply& reply, bool only_pending);

  ClientJob job_;
  ClientState state_ = ClientState::Done;
  std::vector<RecipientResult> results_;
  std::size_t next_rcpt_ = 0;
  std::size_t accepted_rcpts_ = 0;
  std::uint8_t capabilities_ = 0;
  std::string auth_buffer_;  // base64 of the current AUTH step
};

}  // namespace relaysim::smtp
