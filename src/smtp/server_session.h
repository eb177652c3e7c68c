// The server side of one SMTP session as a state machine: typed commands in, typed
// replies out, no time or I/O inside (OpenSMTPD's session split, h11's sans-IO shape).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/command.h"
#include "smtp/mail_transaction.h"
#include "smtp/server_config.h"
#include "smtp/reply.h"
#include "smtp/server_policy.h"

namespace relaysim::smtp {

enum class ServerState : std::uint8_t {
  Connected,      // greeting sent, no HELO/EHLO yet
  Ready,          // greeted, no transaction
  AuthUsername,   // AUTH LOGIN: waiting for the user name
  AuthPassword,   // AUTH LOGIN: waiting for the password
  AuthPlain,      // AUTH PLAIN without initial response: waiting for it
  MailGiven,      // MAIL accepted, collecting RCPTs (and BDAT chunks)
  ReceivingData,  // 354 sent, waiting for EndOfData
  Closed,         // after 221, 421 or 521
};

class ServerSession {
 public:
  // The session keeps references to config and policy; both must outlive it (or, for config,
  // the next open() that names another).
  ServerSession(const ServerConfig& config, ServerPolicy& policy, std::uint32_t client_ip);

  // Starts (or restarts, reusing storage) a session: returns the 220 greeting.
  Reply open(std::uint32_t client_ip);
  // The same under another configuration (the same policy object answers): a connection's
  // session reused for the next connection, with its buffers' capacity kept.
  Reply open(const ServerConfig& config, std::uint32_t client_ip) {
    config_ = &config;
    return open(client_ip);
  }
  Reply handle(const Command& command);
  // The text layer could not make a command of a line (parse_command_line returned `error`, or
  // an AUTH response was too long): counts the error as Postfix does, ends any AUTH exchange the
  // line was meant to continue, and returns the reply to send (421 once the error limit is reached).
  Reply handle_parse_error(const Reply& error);

  const ServerConfig& config() const { return *config_; }
  ServerState state() const { return state_; }
  bool closed() const { return state_ == ServerState::Closed; }
  // True while the next client line is an AUTH continuation, not a command.
  bool awaiting_auth_response() const;
  // A BDAT transfer has begun and no LAST chunk ended it (the chunks so far make one message).
  bool receiving_chunks() const { return transaction_.chunking(); }
  // What a policy decision may depend on, now; its views are into this session's strings.
  SessionFacts facts() const;
  // Errors counted so far (Postfix's error_count): at config.hard_error_limit the next command
  // gets 421. A message taken for delivery sets it back to zero.
  std::uint32_t errors() const { return errors_; }

 private:
  Reply dispatch(const Command& command);
  Reply finish(Reply reply);
  Reply handle_ehlo(const Command& command, bool extended);
  Reply handle_auth(const Command& command);
  Reply handle_auth_response(const Command& command);
  Reply start_mechanism(std::string_view mechanism, bool has_initial_response, std::string_view initial);
  Reply handle_mail(const Command& command);
  Reply handle_rcpt(const Command& command);
  Reply handle_data(const Command& command);
  Reply handle_bdat(const Command& command);
  Reply handle_last_chunk(const Command& command);
  Reply handle_end_of_data(const Command& command);
  Reply handle_rset(const Command& command);
  Reply handle_vrfy(const Command& command);
  Reply handle_etrn(const Command& command);
  Reply handle_starttls(const Command& command);
  Reply handle_xclient(const Command& command);
  Reply take_message(std::uint64_t size, std::string_view content);
  Reply check_plain_response(std::string_view message);
  Reply check_login_user(std::string_view user);
  Reply check_password(std::string_view user, std::string_view password);
  std::string_view login_name(std::string_view user) const;
  Reply abort_auth(Reply reply);
  void count_error(const Reply& reply);
  bool greeted() const { return !helo_.empty(); }
  // Where the session rests between transactions.
  ServerState idle_state() const { return greeted() ? ServerState::Ready : ServerState::Connected; }
  bool in_transaction() const;
  bool error_limit_reached() const;
  bool flushable(std::string_view site) const;
  void reset_transaction();

  const ServerConfig* config_;
  ServerPolicy& policy_;
  ServerState state_ = ServerState::Connected;
  std::uint32_t client_ip_ = 0;
  std::string helo_;          // the HELO/EHLO words, collapsed
  std::string user_;          // SASL login name once authenticated (or during AUTH LOGIN)
  bool authenticated_ = false;
  std::string decoded_;       // scratch: the decoded SASL response
  std::string words_;         // scratch: VRFY's words, collapsed
  MailTransaction transaction_;
  std::array<char, 24> octets_text_{};  // BdatQueued's octet count, in decimal: its reply views it
  std::uint32_t errors_ = 0;
};

}  // namespace relaysim::smtp
