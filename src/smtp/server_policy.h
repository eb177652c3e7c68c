// What a server session asks of the mail server it belongs to: the session knows the
// protocol, the policy (an MTA, or a test double) knows who may relay and what is local.
#pragma once

#include <cstdint>
#include <string_view>

#include "smtp/reply.h"

namespace relaysim::smtp {

// Facts about the current session that a policy decision may depend on.
struct SessionFacts {
  std::uint32_t client_ip = 0;          // IPv4, host byte order
  std::string_view helo;                // as given in HELO/EHLO, empty before
  std::string_view authenticated_user;  // SASL login name, empty when not authenticated
  bool submission = false;              // the session is on the submission port (RFC 6409)
  std::string_view reverse_path;        // MAIL FROM of the current transaction, as written
  // check_recipient answers VRFY, not RCPT TO (Postfix's protocol_state): there may be no
  // transaction, and policy services that judge mail (postgrey, policyd-spf) let it pass.
  bool verifying = false;
};

class ServerPolicy {
 public:
  virtual ~ServerPolicy() = default;

  // SASL: true when the user name and password are valid.
  virtual bool check_credentials(std::string_view user, std::string_view password) = 0;

  // MAIL FROM passed the session's own checks (sequence, syntax, size): the server's limits,
  // such as Postfix's smtpd_client_message_rate_limit, may still refuse it.
  virtual Reply check_sender(const SessionFacts&, std::string_view /*reverse_path*/) {
    return make_reply(ReplyText::SenderOk);
  }

  // Decide one RCPT TO, or a VRFY (facts.verifying), with smtpd_recipient_restrictions.
  // `forward_path` is the text inside <> exactly as the client wrote it. Returns 250 2.1.5
  // RecipientOk, or a refusal (RelayDenied, UnknownLocalUser, ...) whose arg views `forward_path`.
  virtual Reply check_recipient(const SessionFacts& facts, std::string_view forward_path) = 0;

  // The message content has arrived for the accepted recipients. Returns Queued (250 2.0.0,
  // with the queue id in Reply::number) once the policy has taken responsibility, or a refusal.
  // `reverse_path` is "" for the null sender; `recipients` are the accepted forward paths.
  struct Envelope {
    std::string_view reverse_path;
    const std::string_view* recipients = nullptr;
    std::size_t recipient_count = 0;
    std::uint64_t size = 0;
    std::string_view content;  // the message as the client sent it, when kept (Command::content)
  };
  virtual Reply accept_message(const SessionFacts& facts, const Envelope& envelope) = 0;
};

}  // namespace relaysim::smtp
