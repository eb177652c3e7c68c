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
  // Send MAIL, every RCPT and DATA as one group when the server offers PIPELINING (RFC 2920),
  // and QUIT right behind the end of data, as Postfix's SMTP client does; the replies are
  // then read in order.
  bool pipelining = false;
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
  AwaitData, AwaitEndOfData,
  AwaitRset,  // unused: one envelope per session ends with QUIT; kept for connection reuse
  AwaitQuit, Done,
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

  // In a pipelined group: after on_reply returned MAIL, the commands sent with it without
  // waiting (each RCPT, then DATA), one per call, then nullopt; after it returned the end of
  // data, QUIT. While the group's replies arrive, on_reply returns nullopt without the
  // session being done().
  std::optional<Command> next_in_group();

  // The connection was lost or timed out: every undecided recipient becomes Deferred.
  void on_connection_lost();

  ClientState state() const { return state_; }
  bool done() const { return state_ == ClientState::Done; }
  const std::vector<RecipientResult>& results() const { return results_; }
  // The server advertised these in its EHLO reply.
  std::uint16_t server_capabilities() const { return capabilities_; }

 private:
  std::optional<Command> next_after_greeting_or_auth();
  std::optional<Command> start_auth();
  std::optional<Command> answer_auth_challenge();
  std::optional<Command> next_recipient_or_data();
  std::optional<Command> on_group_reply(const Reply& reply);
  std::optional<Command> end_of_data();
  std::optional<Command> give_up(const Reply& reply);
  std::optional<Command> quit();
  // The job allows PIPELINING and the server offered it (RFC 2920).
  bool pipelining() const;
  // Every recipient still Pending takes the outcome `reply` implies (4xx Deferred, 5xx Refused,
  // 2xx Accepted) and the reply itself.
  void settle_pending(const Reply& reply);
  void settle_pending_as(RecipientOutcome outcome, const Reply& reply);

  ClientJob job_;
  ClientState state_ = ClientState::Done;
  std::vector<RecipientResult> results_;
  std::size_t next_rcpt_ = 0;
  std::size_t accepted_rcpts_ = 0;
  std::uint16_t capabilities_ = 0;
  bool in_group_ = false;            // the transaction in progress was sent as one pipelined group
  std::size_t group_handed_out_ = 0; // commands of the group after MAIL given out by next_in_group
  std::optional<Reply> mail_refusal_;  // in a group: MAIL was refused; later replies change nothing
  bool quit_sent_ = false;           // QUIT went right behind the end of data, not after its reply
  bool authenticated_ = false;
  bool auth_login_ = false;          // the mechanism in use is LOGIN (else PLAIN)
  std::uint8_t auth_responses_ = 0;  // lines sent in answer to 334 challenges
  // Base64 of the current AUTH step. Kept beyond the small-string size, so that moving the
  // session (a container growing) keeps a returned command's view of it valid.
  std::string auth_buffer_;
  std::string auth_scratch_;         // the PLAIN message before encoding
};

}  // namespace relaysim::smtp
