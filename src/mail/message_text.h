// A message as a file holds it (RFC 5322): the trace fields each hop and the final delivery
// prepend, then the author's header fields and a short body. Built only when a mailbox file is
// written, never while the world runs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mail/mail_date.h"

namespace relaysim::mail {

// What the author wrote: the header From (which need not be the envelope sender) and the rest.
struct MessageContent {
  std::string from;                 // "Name <local@domain>" or "local@domain"
  std::vector<std::string> to;      // addresses
  std::string subject;              // UTF-8; written as an RFC 2047 encoded word when not ASCII
  UnixSeconds date = 0;
  std::string message_id;           // without the angle brackets
  std::string body;                 // UTF-8 text; lines end in \n
  // d= and s= of the DKIM signature its sender added; empty domain for an unsigned message.
  std::string dkim_domain;
  std::string dkim_selector;
  // A real client's message as it sent it (relaysim serve), lines ending in \n: written after
  // the servers' fields instead of the ones above, which are then unused.
  std::string verbatim;
};

// The protocol a server names in its Received header ("with ..."; RFC 3848, RFC 5321 4.4).
// No TLS is modelled, so never ESMTPS or ESMTPSA.
enum class ReceivedProtocol : std::uint8_t { Smtp, Esmtp, Esmtpa };
std::string_view protocol_name(ReceivedProtocol p);

// One server that took the message: the Received header it prepends, as Postfix's smtpd writes it,
// or as its post_mail writes it for a message the server made itself (a bounce).
struct ReceivedHop {
  bool posted_locally = false;  // made here: no client, so "Received: by HOST (Postfix) id QID; DATE"
  std::string helo;             // the client's HELO/EHLO name
  std::string client_name;      // the client's verified host name, or "unknown"
  std::uint32_t client_ip = 0;  // IPv4, host byte order
  std::string by;               // the server's myhostname
  ReceivedProtocol protocol = ReceivedProtocol::Esmtp;
  std::uint64_t queue_id = 0;   // written in hex, as in "250 2.0.0 Ok: queued as ..."
  // The recipient, when the transaction had exactly one (Postfix names none otherwise, so as not
  // to reveal Bcc recipients; the queue id then goes on the line of the date).
  std::optional<std::string> for_recipient;
  UnixSeconds date = 0;
};

// The header field, folded as Postfix folds it, each line ending in \n.
std::string received_header(const ReceivedHop& hop);

// What the final delivery (Postfix's local(8)) prepends.
struct DeliveryTrace {
  std::string return_path;         // the envelope sender; "" for the null sender <>
  std::string original_recipient;  // X-Original-To: the address as first submitted
  std::string delivered_to;        // Delivered-To: the mailbox's address
  // Authentication-Results (RFC 8601) the final server's checks added, its value without the
  // field name ("mx.example.org;\n\tspf=pass smtp.mailfrom=..."); "" when it checks nothing.
  std::string authentication_results;
};

// The header section a server's queue file holds: the Received headers newest first (`hops` are
// in the order the servers took the message), then the author's fields, then `extra_headers`
// (the MIME fields of a report, say) or else those of plain UTF-8 text. Control characters in
// the author's addresses are written as '?': no field can end early or start another.
std::string header_section(std::span<const ReceivedHop> hops, const MessageContent& content,
                           std::string_view extra_headers = {});

// The whole file as the mailbox holds it: the delivery's fields, the header section, an empty
// line, the body.
std::string message_text(const DeliveryTrace& trace, std::span<const ReceivedHop> hops, const MessageContent& content,
                         std::string_view extra_headers = {});

// "Name <addr>" with the name quoted, or encoded as RFC 2047 says when it is not ASCII; the
// address alone when there is no name.
std::string mailbox_header_value(std::string_view text);

// A header field's text as RFC 2047 encoded words when it is not printable ASCII, else as it is.
std::string header_text(std::string_view text);

}  // namespace relaysim::mail
