// The server side of one SMTP session as a state machine: typed commands in, typed
// replies out, no time or I/O inside (OpenSMTPD's session split, h11's sans-IO shape).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/command.h"
#include "smtp/reply.h"
#include "smtp/server_policy.h"

namespace relaysim::smtp {

struct ServerConfig {
  std::string_view hostname;             // must outlive the session
  bool submission = false;               // port 587: MAIL before AUTH gets 530 5.7.0 (RFC 6409)
  bool auth_enabled = false;             // advertise and accept AUTH PLAIN and LOGIN
  std::uint64_t message_size_limit = 10240000;  // Postfix message_size_limit
  std::uint32_t recipient_limit = 1000;          // Postfix smtpd_recipient_limit
  bool vrfy_enabled = false;             // disabled: VRFY gets 252
  std::uint32_t soft_error_limit = 10;   // Postfix smtpd_soft_error_limit (counted, not delayed)
  std::uint32_t hard_error_limit = 20;   // Postfix smtpd_hard_error_limit: then 421 and close
};

enum class ServerState : std::uint8_t {
  Connected,      // greeting sent, waiting for HELO/EHLO
  Ready,          // greeted, no transaction
  AuthUsername,   // AUTH LOGIN: waiting for the user name
  AuthPassword,   // AUTH LOGIN: waiting for the password
  AuthPlain,      // AUTH PLAIN without initial response: waiting for it
  MailGiven,      // MAIL accepted, collecting RCPTs
  ReceivingData,  // 354 sent, waiting for EndOfData
  Closed,         // after 221 or 421
};

class ServerSession {
 public:
  // The session keeps references to config and policy; both must outlive it.
  ServerSession(const ServerConfig& config, ServerPolicy& policy, std::uint32_t client_ip);
  // Copies and moves re-point facts() at the new object's own strings.
  ServerSession(const ServerSession& other);
  ServerSession(ServerSession&& other) noexcept;

  // Starts (or restarts, reusing storage) a session: returns the 220 greeting.
  Reply open(std::uint32_t client_ip);
  Reply handle(const Command& command);
  // The text layer could not parse a line (parse_command_line returned `error`, or the line
  // was too long): counts the error as Postfix does, ends any AUTH exchange the line was
  // meant to continue, and returns the reply to send (421 once the error limit is reached).
  Reply handle_parse_error(const Reply& error);
  // The text layer refuses the message content it received after 354 (a text line over
  // RFC 5321's 1000 octets): the transaction ends without asking the policy, the error is
  // counted, and `reason` is the reply to the final dot, unless the message of `size`
  // octets is over the size limit: that still gets 552 5.3.4, as it would have anyway.
  Reply refuse_content(const Reply& reason, std::uint64_t size);

  ServerState state() const { return state_; }
  bool closed() const { return state_ == ServerState::Closed; }
  // True while the next client line is an AUTH continuation, not a command.
  bool awaiting_auth_response() const;
  const SessionFacts& facts() const { return facts_; }
  // 4xx/5xx replies sent so far; at config.hard_error_limit the next command gets 421.
  std::uint32_t errors() const { return errors_; }

 private:
  Reply dispatch(const Command& command);
  Reply handle_ehlo(const Command& command, bool extended);
  Reply handle_auth(const Command& command);
  Reply handle_auth_response(const Command& command);
  Reply handle_mail(const Command& command);
  Reply handle_rcpt(const Command& command);
  Reply handle_data();
  Reply handle_end_of_data(const Command& command);
  Reply handle_rset();
  Reply handle_vrfy(const Command& command);
  Reply check_plain_response(std::string_view message);
  Reply check_login(std::string_view password);
  Reply finish_auth(std::string_view user, bool success);
  Reply abort_auth(Reply reply);
  Reply count_error(Reply reply);
  bool in_transaction() const;
  bool error_limit_reached() const;
  void reset_transaction();
  void repoint_facts();

  const ServerConfig& config_;
  ServerPolicy& policy_;
  ServerState state_ = ServerState::Connected;
  SessionFacts facts_;        // helo and authenticated_user view helo_ and user_
  std::string helo_;
  std::string user_;          // SASL login name once authenticated (or during AUTH LOGIN)
  bool authenticated_ = false;
  std::string decoded_;       // scratch: the decoded SASL response
  std::string reverse_path_;
  // Accepted forward paths: the first recipient_count_ entries are this transaction's;
  // strings are overwritten, not freed, so steady-state transactions allocate nothing.
  std::vector<std::string> recipients_;
  std::size_t recipient_count_ = 0;
  std::vector<std::string_view> recipient_views_;  // filled just before accept_message
  std::uint64_t declared_size_ = 0;
  std::uint32_t errors_ = 0;
};

}  // namespace relaysim::smtp
