// A bounce as Postfix's bounce(8) writes it: an RFC 3464 delivery status notification, a
// multipart/report with a note for people, the machine-readable status of each failed
// recipient and the headers of the message that failed.
#pragma once

#include <string>
#include <vector>

#include "mail/mail_date.h"
#include "mail/message_text.h"

namespace relaysim::mail {

struct FailedRecipient {
  std::string final_recipient;     // the address the server tried
  std::string original_recipient;  // as first submitted
  std::string status;              // RFC 3463, "5.7.1"
  std::string diagnostic;          // the server's reply, "554 5.7.1 <...>: Relay access denied"
  // The server that said it, "mx.example.org[192.0.2.25]", and the command it answered ("RCPT TO");
  // empty when the words are the reporting MTA's own ("Host or domain name not found").
  std::string remote_host;
  std::string in_reply_to;
};

struct DeliveryReport {
  std::string reporting_mta;       // the host that gave up: its myhostname
  std::string original_sender;     // who the notice goes to
  std::string queue_id;            // the failed message's queue id there, in hex
  UnixSeconds arrival = 0;         // when that host took the message
  std::vector<FailedRecipient> failed;
  std::string original_headers;    // the failed message's header section, each line ending in \n
};

// The notice's header fields and body: From MAILER-DAEMON, the subject Postfix gives, and the
// three parts. `content.from`, `subject` and `body` are filled in; `date`, `to` and
// `message_id` are the caller's. Returns the MIME header fields for message_text's
// extra_headers and sets content.body.
std::string delivery_report(const DeliveryReport& report, MessageContent& content);

}  // namespace relaysim::mail
