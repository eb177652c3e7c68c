// Typed SMTP replies. A reply is a small value (code, enhanced status, which text);
// its wire text is built only when someone formats it, so simulating costs no strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace relaysim::smtp {

// RFC 3463 enhanced status code class.subject.detail, e.g. 5.7.1.
struct EnhancedStatus {
  std::uint8_t klass = 0;
  std::uint8_t subject = 0;
  std::uint16_t detail = 0;
  friend bool operator==(const EnhancedStatus&, const EnhancedStatus&) = default;
};

// "5.7.1": appended to `out` (as the wire formatter builds a reply), or as a string of its own.
void append_enhanced_status(const EnhancedStatus& status, std::string& out);
std::string enhanced_status_text(const EnhancedStatus& status);

// Which human-readable text a reply carries; the formatter words each one as Postfix 3.7 does.
enum class ReplyText : std::uint8_t {
  Greeting,              // 220 <host> ESMTP relaysim
  EhloCapabilities,      // 250-<host> + one line per capability in Reply::capabilities (no status)
  HeloOk,                // 250 <host> (no status)
  Ok,                    // 250 2.0.0 Ok
  SenderOk,              // 250 2.1.0 Ok
  RecipientOk,           // 250 2.1.5 Ok
  StartMailInput,        // 354 End data with <CR><LF>.<CR><LF> (no status)
  Queued,                // 250 2.0.0 Ok: queued as <Reply::number in hex>
  Bye,                   // 221 2.0.0 Bye
  VrfyDisabled,          // 502 5.5.1 VRFY command is disabled (disable_vrfy_command = yes)
  AuthChallenge,         // 334 <base64 prompt>; Reply::number: 0 empty, 1 "Username:", 2 "Password:"
  AuthSucceeded,         // 235 2.7.0 Authentication successful
  AuthFailed,            // 535 5.7.8 Error: authentication failed: <Reply::arg: Cyrus SASL's reason>
  AuthNotEnabled,        // 503 5.5.1 Error: authentication not enabled
  AuthAlreadyDone,       // 503 5.5.1 Error: already authenticated
  AuthCancelled,         // 501 5.7.0 Authentication aborted
  AuthRequired,          // 530 5.7.0 Authentication required (only with ServerConfig::mail_requires_auth)
  AuthTemporaryFailure,  // 454 4.7.0 Temporary authentication failure: <Reply::arg: Cyrus SASL's reason>
  CommandUnknown,        // 500 5.5.2 Error: command not recognized (Postfix's words; RFC 5321 4.2.4 would say 5.5.1)
  BadSequence,           // 503 5.5.1 Error: <Reply::arg, e.g. "need MAIL command">
  SyntaxError,           // 501 5.5.4 Syntax: <Reply::arg, e.g. "MAIL FROM:<address>">
  HeloSyntax,            // 501 Syntax: <Reply::arg: "HELO hostname" or "EHLO hostname"> (no status)
  NoValidRecipients,     // 554 5.5.1 Error: no valid recipients
  RelayDenied,           // 554 5.7.1 <Reply::arg>: Relay access denied (or 454 4.7.1 when deferred)
  UnknownLocalUser,      // 550 5.1.1 <Reply::arg>: Recipient address rejected: User unknown in local recipient table
  UnknownRelayUser,      // 550 5.1.1 <Reply::arg>: Recipient address rejected: User unknown in relay recipient table
  RecipientAccessDenied, // 554 5.7.1 <Reply::arg>: Recipient address rejected: Access denied (or 450 4.7.1)
  TooManyRecipients,     // 452 4.5.3 Error: too many recipients
  MessageTooBig,         // 552 5.3.4 Message size exceeds fixed limit (MAIL's SIZE=)
  MessageFileTooBig,     // 552 5.3.4 Error: message file too big (the content itself, at its end)
  SizeOverflow,          // 552 5.3.4 Message size exceeds file system imposed limit (a SIZE= past 63 bits)
  TooManyHops,           // 554 5.4.0 Error: too many hops (cleanup: hopcount_limit Received headers)
  TooManyConnections,    // 421 4.7.0 <host> Error: too many connections
  TooManyErrors,         // 421 4.7.0 <host> Error: too many errors
  TimeoutExceeded,       // 421 4.4.2 <host> Error: timeout exceeded
  ServiceUnavailable,    // 421 4.3.2 <host> Service not available, closing transmission channel
  BadSenderSyntax,       // 501 5.1.7 Bad sender address syntax
  BadRecipientSyntax,    // 501 5.1.3 Bad recipient address syntax
  AuthLineTooLong,       // 500 5.5.6 SASL response limit exceeded
  BadSyntax,             // 500 5.5.2 Error: bad syntax (a command line with no word)
  BadUtf8,               // 500 5.5.2 Error: bad UTF-8 syntax (a command line that is not UTF-8)
  NonSmtpCommand,        // 221 2.7.0 Error: I can break rules, too. Goodbye. (smtpd_forbidden_commands)
  UnsupportedOption,     // 555 5.5.4 Unsupported option: <Reply::arg, e.g. "FOO=1">
  BadSizeSyntax,         // 501 5.5.4 Bad message size syntax
  BadRetSyntax,          // 501 5.5.4 Bad RET parameter syntax
  BadEnvidSyntax,        // 501 5.5.4 Bad ENVID parameter syntax
  MultipleAuthOptions,   // 503 5.5.4 Error: multiple AUTH= options
  BadNotifySyntax,       // 501 5.5.4 Error: Bad NOTIFY parameter syntax
  BadOrcptSyntax,        // 501 5.5.4 Error: Bad ORCPT parameter syntax
  VrfyResult,            // 252 2.0.0 <Reply::arg> (the checks a RCPT TO would meet passed)
  NotImplemented,        // 502 5.5.1 Error: command not implemented (STARTTLS without TLS)
  InsufficientAuthorization,  // 550 5.7.0 Error: insufficient authorization (XCLIENT, XFORWARD)
  EtrnSyntax,            // 500 Syntax: ETRN domain (no status)
  EtrnBadParameter,      // 501 Error: invalid parameter syntax (no status)
  EtrnBadSequence,       // 503 Error: <Reply::arg> (no status)
  EtrnStarted,           // 250 Queuing started (no status)
  EtrnRefused,           // 459 <Reply::arg>: service unavailable (no status; not in fast_flush_domains)
  BdatChunkAccepted,     // 250 2.0.0 Ok: <Reply::number> bytes
  BdatQueued,            // 250 2.0.0 Ok: <Reply::arg: the message's octets> bytes queued as <Reply::number in hex>
  BdatNull,              // 551 5.7.1 Null BDAT request
  BdatDiscarded,         // 551 5.0.0 Discarded <Reply::number> bytes after earlier error
  BdatChunkTooBig,       // 552 5.3.4 Chunk exceeds message size limit
  BdatSyntax,            // 521 5.5.4 Syntax: BDAT count [LAST] (and the connection closes)
  // Defences. Reply::number holds the client's IPv4 address where the wording shows [ip].
  Blocklisted,           // 554 5.7.1 Service unavailable; Client host [ip] blocked using <Reply::arg: zone>
  Greylisted,            // 450 4.2.0 <Reply::arg>: Recipient address rejected: Greylisted (postgrey)
  SpfFailed,             // 550 5.7.23 <Reply::arg>: Recipient address rejected: ... SPF fail (policyd-spf, RFC 7372)
  DmarcRejected,         // 550 5.7.1 rejected by DMARC policy for <Reply::arg: domain> (OpenDMARC)
  ContentRejected,       // 554 5.7.0 Reject, id=<Reply::number> - spam (amavis)
  RateLimited,           // 450 4.7.1 Error: too much mail from <ip> (smtpd_client_message_rate_limit)
  ConnectionLost,        // 421 4.4.2 <host> Error: lost connection (client side: no reply was received)
  // <code> <status> <Reply::arg>: the sending side's own words for a failure no server put
  // into words (connection timed out, no such domain, null MX); code and status are the caller's.
  Diagnostic,
};


// Capabilities advertised in the EHLO reply (bit flags), in the order Postfix lists them.
enum Capability : std::uint16_t {
  kPipelining = 1 << 0,
  kSize = 1 << 1,
  kVrfy = 1 << 2,
  kEtrn = 1 << 3,
  kAuthPlain = 1 << 4,
  kAuthLogin = 1 << 5,
  kEnhancedStatusCodes = 1 << 6,
  k8BitMime = 1 << 7,
  kDsn = 1 << 8,
  kSmtpUtf8 = 1 << 9,
  kChunking = 1 << 10,
};

struct Reply {
  std::uint16_t code = 0;  // 220, 250, 554, ...
  // All zero on replies that carry none: as Postfix (RFC 2034), the greeting, the HELO/EHLO
  // replies, 334 and 354 have no enhanced status.
  EnhancedStatus status;
  ReplyText text = ReplyText::Ok;
  // Context for the text: the recipient as the client wrote it, the bad-sequence detail...
  // A view: it must outlive the reply only until the reply is formatted (see format_reply).
  std::string_view arg;
  // Queue id for Queued, SIZE limit for EhloCapabilities, prompt for AuthChallenge, octets for BDAT.
  std::uint64_t number = 0;
  std::uint16_t capabilities = 0;  // Capability bits, for EhloCapabilities

  bool positive_completion() const { return code >= 200 && code < 300; }
  bool positive_intermediate() const { return code >= 300 && code < 400; }
  bool transient_failure() const { return code >= 400 && code < 500; }
  bool permanent_failure() const { return code >= 500; }
  // 221, 421 and 521 end the session: the server closes the connection after sending them.
  bool closes_session() const { return code == 221 || code == 421 || code == 521; }
};

// The reply a server sends with `text`: its usual code and enhanced status (e.g. RelayDenied
// is 554 5.7.1; a policy that defers sets 454 4.7.1 itself) and `arg`, which it views.
Reply make_reply(ReplyText text, std::string_view arg = {});

}  // namespace relaysim::smtp
