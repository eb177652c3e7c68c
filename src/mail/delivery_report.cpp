#include "mail/delivery_report.h"

namespace relaysim::mail {

std::string delivery_report(const DeliveryReport& report, MessageContent& content) {
  // Postfix's boundary: the queue id, the time and the host, which never occur in the parts.
  const std::string boundary = report.queue_id + "." + std::to_string(report.arrival) + "/" + report.reporting_mta;
  content.from = "MAILER-DAEMON@" + report.reporting_mta + " (Mail Delivery System)";
  content.subject = "Undelivered Mail Returned to Sender";

  std::string body = "This is a MIME-encapsulated message.\n\n";
  body += "--" + boundary + "\n";
  body += "Content-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n";
  body += "This is the mail system at host " + report.reporting_mta + ".\n\n";
  body += "I'm sorry to have to inform you that your message could not\n";
  body += "be delivered to one or more recipients. It's attached below.\n\n";
  body += "                   The mail system\n\n";
  for (const FailedRecipient& r : report.failed) {
    // bounce_notify_util: an alias or a rewrite names what the sender wrote too.
    body += "<" + r.final_recipient + ">" +
            (r.original_recipient == r.final_recipient ? "" : " (expanded from <" + r.original_recipient + ">)") + ": ";
    if (r.remote_host.empty()) {
      body += r.diagnostic + "\n";
    } else {
      body += "host " + r.remote_host + " said: " + r.diagnostic + " (in reply to " + r.in_reply_to + " command)\n";
    }
  }
  body += "\n--" + boundary + "\n";
  body += "Content-Description: Delivery report\nContent-Type: message/delivery-status\n\n";
  body += "Reporting-MTA: dns; " + report.reporting_mta + "\n";
  body += "X-Postfix-Queue-ID: " + report.queue_id + "\n";
  body += "X-Postfix-Sender: rfc822; " + report.original_sender + "\n";
  body += "Arrival-Date: " + rfc5322_date(report.arrival) + "\n";
  for (const FailedRecipient& r : report.failed) {
    body += "\nFinal-Recipient: rfc822; " + r.final_recipient + "\n";
    body += "Original-Recipient: rfc822;" + r.original_recipient + "\n";
    body += "Action: failed\n";
    body += "Status: " + r.status + "\n";
    body += "Diagnostic-Code: " + std::string(r.remote_host.empty() ? "X-Postfix; " : "smtp; ") + r.diagnostic + "\n";
  }
  body += "\n--" + boundary + "\n";
  body += "Content-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n";
  body += "Content-Transfer-Encoding: 8bit\n\n";
  body += report.original_headers;
  body += "\n--" + boundary + "--\n";
  content.body = std::move(body);

  return "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
         "Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"" +
         boundary + "\"\nContent-Transfer-Encoding: 8bit\n";
}

}  // namespace relaysim::mail
