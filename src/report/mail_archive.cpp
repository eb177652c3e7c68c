#include "report/mail_archive.h"

#include <array>
#include <cstdio>

#include "smtp/ipv4_text.h"
#include "smtp/wire.h"

namespace relaysim::report {
namespace {

// "20260302090000", as Postfix's cleanup starts the Message-ID it adds.
std::string compact_date(mail::UnixSeconds t) {
  std::string text = mail::utc_timestamp(t);  // 2026-03-02T09:00:00Z
  std::string out;
  for (const char c : text) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// The reply as the DSN quotes it: one line, without its CRLF.
std::string reply_line(const smtp::Reply& reply, std::string_view server) {
  if (reply.text == smtp::ReplyText::Diagnostic) return std::string(reply.arg);
  std::string wire;
  smtp::format_reply(reply, smtp::ServerIdentity{server}, wire);
  std::string out;
  for (std::size_t at = 0; at < wire.size();) {
    std::size_t end = wire.find("\r\n", at);
    if (end == std::string::npos) end = wire.size();
    if (!out.empty()) out += ' ';
    out.append(wire, at, end - at);
    at = end + 2;
  }
  return out;
}

std::string status_text(const smtp::Reply& reply) {
  if (reply.status != smtp::EnhancedStatus{}) return smtp::enhanced_status_text(reply.status);
  return reply.code >= 500 ? "5.0.0" : "4.0.0";
}

// RFC 8601: the server's name, then each method's result and the identity it checked.
std::string authentication_results(std::string_view server, const world::Authentication& a, bool null_sender) {
  if (!a.checked) return {};
  std::string out(server);
  out += ";\n\tspf=" + std::string(defence::spf_result_name(a.spf)) + (null_sender ? " smtp.helo=" : " smtp.mailfrom=");
  out += a.spf_domain;
  if (!a.dmarc_checked) return out;
  out += ";\n\tdkim=" + std::string(defence::dkim_result_name(a.dkim));
  if (!a.dkim_domain.empty()) out += " header.d=" + std::string(a.dkim_domain);
  out += ";\n\tdmarc=" + std::string(defence::dmarc_result_name(a.dmarc)) + " header.from=" + std::string(a.from_domain);
  return out;
}

mail::ReceivedProtocol protocol_of(const world::SessionInfo& s) {
  if (!s.extended) return mail::ReceivedProtocol::Smtp;
  return s.login.empty() ? mail::ReceivedProtocol::Esmtp : mail::ReceivedProtocol::Esmtpa;
}

bool carries(const std::vector<std::pair<std::uint32_t, std::string>>& recipients, std::uint32_t recipient) {
  for (const auto& r : recipients) {
    if (r.first == recipient) return true;
  }
  return false;
}

}  // namespace

MailArchive::MailArchive(const world::WorldConfig& config, mail::UnixSeconds start, const std::filesystem::path& out_dir,
                         mail::MailboxFormat format)
    : config_(config), start_(start), writer_(out_dir, format) {}

mail::UnixSeconds MailArchive::date(sim::SimTime t) const { return start_ + t / sim::kSecond; }

void MailArchive::message_submitted(sim::SimTime t, const world::Message& m) {
  Letter letter;
  letter.sender = m.sender;
  letter.recipients = m.recipients;
  letter.unsettled = static_cast<std::uint32_t>(m.recipients.size());
  if (m.message_class == world::MessageClass::Dsn) {
    fill_report(m, date(t), letter);
  } else {
    letter.content = agent_content(m, date(t));
  }
  letters_[m.id] = std::move(letter);
}

mail::MessageContent MailArchive::agent_content(const world::Message& m, mail::UnixSeconds date) const {
  mail::MessageContent content;
  content.to = m.recipients;
  content.date = date;
  if (m.content != nullptr) {
    content.from = m.content->from;
    content.subject = m.content->subject;
    content.body = m.content->body;
    if (m.content->dkim) {
      content.dkim_domain = m.content->dkim->domain;
      content.dkim_selector = m.content->dkim->selector;
    }
  } else {
    content.from = m.sender;
  }
  if (m.message_class == world::MessageClass::Probe) {
    // A relay hunter's test: what it says matters less than whether it comes back.
    content.subject = "Relay test " + std::to_string(m.id);
    content.body = "Relay test.\n";
  }
  // The author's program names its own domain: the From's (the sender's, without a template).
  const std::string_view domain = m.content != nullptr ? std::string_view(m.content->from_domain)
                                                       : std::string_view(m.sender).substr(m.sender.rfind('@') + 1);
  content.message_id = compact_date(date) + "." + std::to_string(m.id) + "@" + std::string(domain);
  return content;
}

void MailArchive::fill_report(const world::Message& m, mail::UnixSeconds date, Letter& letter) {
  mail::DeliveryReport report;
  const auto found = reports_.find({m.about, m.origin_node});
  if (found != reports_.end()) {
    report = std::move(found->second);
    reports_.erase(found);
  } else {
    report.reporting_mta = node_name(m.origin_node);
    report.original_sender = m.recipients.front();
    report.arrival = date;
  }
  letter.content.to = m.recipients;
  letter.content.date = date;
  letter.content.message_id = compact_date(date) + "." + smtp::queue_id_text(world::queue_id_of(m.id, m.origin_node)) +
                              "@" + report.reporting_mta;
  letter.extra_headers = mail::delivery_report(report, letter.content);
  Hop posted;
  posted.received.posted_locally = true;
  posted.received.by = report.reporting_mta;
  posted.received.queue_id = world::queue_id_of(m.id, m.origin_node);
  posted.received.date = date;
  posted.recipients.emplace_back(0, m.recipients.front());
  letter.hops.push_back(std::move(posted));
}

void MailArchive::recipient_answered(sim::SimTime, const world::SessionInfo& s, const world::Message& m,
                                     std::uint32_t recipient, std::string_view sent_as, const smtp::Reply& reply,
                                     std::optional<mta::RelayVerdict>) {
  if (!reply.positive_completion()) {
    const std::string_view server = node_name(s.server_mta);
    refusals_[{m.id, recipient}] = {host_of(s.server_mta), reply_line(reply, server), reply.code, "RCPT TO",
                                    std::string(sent_as)};
    return;
  }
  auto [open, fresh] = transactions_.try_emplace(s.session_id);
  OpenTransaction& transaction = open->second;
  if (fresh || transaction.message != m.id) {
    // A session to this server with this message that never reached the end of DATA is over.
    std::erase_if(transactions_, [&](const auto& other) {
      return other.first != s.session_id && other.second.message == m.id && other.second.server == s.server_mta;
    });
    transaction = {m.id, s.server_mta, {}};
    mail::ReceivedHop& r = transaction.hop.received;
    r.helo = std::string(s.helo);
    // Every MTA's address has a matching PTR record in the model; no other host's has one.
    r.client_name = s.client_node < config_.mtas.size() ? std::string(node_name(s.client_node)) : "unknown";
    r.client_ip = s.client_ip;
    r.by = std::string(node_name(s.server_mta));
    r.protocol = protocol_of(s);
    r.queue_id = world::queue_id_of(m.id, s.server_mta);
  }
  transaction.hop.recipients.emplace_back(recipient, std::string(sent_as));
}

// "mx.example.org[192.0.2.25]", as Postfix names the host that said something.
std::string MailArchive::host_of(std::uint32_t mta) const {
  return std::string(node_name(mta)) + "[" + smtp::format_ipv4(topology_->node(mta).ip) + "]";
}

void MailArchive::message_content(const world::Message& m, std::string_view content) {
  if (const auto letter = letters_.find(m.id); letter != letters_.end()) letter->second.content.verbatim = content;
}

void MailArchive::message_refused(sim::SimTime, const world::SessionInfo& s, const world::Message& m,
                                  const smtp::Reply& reply) {
  const auto open = transactions_.find(s.session_id);
  if (open == transactions_.end() || open->second.message != m.id) return;
  const std::string_view server = node_name(s.server_mta);
  for (const auto& [recipient, address] : open->second.hop.recipients) {
    refusals_[{m.id, recipient}] = {host_of(s.server_mta), reply_line(reply, server), reply.code, "end of DATA", address};
  }
  transactions_.erase(open);
}

void MailArchive::message_accepted(sim::SimTime t, const world::SessionInfo& s, const world::Message& m, std::uint32_t,
                                   std::uint32_t) {
  const auto open = transactions_.find(s.session_id);
  if (open != transactions_.end() && open->second.message == m.id) close_transaction(open, t);
}

// The world may deliver a local copy before it reports the message accepted: whichever comes
// first closes the transaction.
void MailArchive::close_transaction(std::unordered_map<std::uint64_t, OpenTransaction>::iterator open, sim::SimTime t) {
  Hop hop = std::move(open->second.hop);
  const std::uint64_t message = open->second.message;
  transactions_.erase(open);
  const auto letter = letters_.find(message);
  if (letter == letters_.end()) return;
  if (hop.recipients.size() == 1) hop.received.for_recipient = hop.recipients.front().second;
  hop.received.date = date(t);
  letter->second.hops.push_back(std::move(hop));
}

std::vector<mail::ReceivedHop> MailArchive::trail(const Letter& letter, std::uint32_t recipient) const {
  std::vector<mail::ReceivedHop> hops;
  for (const Hop& hop : letter.hops) {
    if (carries(hop.recipients, recipient)) hops.push_back(hop.received);
  }
  return hops;
}

std::string MailArchive::address_at_last_hop(const Letter& letter, std::uint32_t recipient) const {
  for (auto hop = letter.hops.rbegin(); hop != letter.hops.rend(); ++hop) {
    for (const auto& [index, address] : hop->recipients) {
      if (index == recipient) return address;
    }
  }
  return recipient < letter.recipients.size() ? letter.recipients[recipient] : std::string();
}

void MailArchive::copy_delivered(sim::SimTime t, const world::Message& m, std::uint32_t recipient, std::uint32_t mta,
                                 std::string_view mailbox, world::Folder folder,
                                 const world::Authentication& authentication) {
  for (auto open = transactions_.begin(); open != transactions_.end(); ++open) {
    if (open->second.message == m.id && open->second.server == mta && carries(open->second.hop.recipients, recipient)) {
      close_transaction(open, t);
      break;
    }
  }
  const auto found = letters_.find(m.id);
  if (found == letters_.end()) return;
  const Letter& letter = found->second;
  const mail::DeliveryTrace trace{letter.sender, address_at_last_hop(letter, recipient), std::string(mailbox),
                                  authentication_results(node_name(mta), authentication, letter.sender.empty())};
  mail::StoredMessage stored;
  stored.mailbox = std::string(mailbox);
  stored.junk = folder == world::Folder::Junk;
  stored.envelope_sender = letter.sender;
  stored.delivered = date(t);
  stored.unique = std::to_string(stored.delivered) + ".M" + std::to_string(m.id) + "R" + std::to_string(recipient) + "." +
                  mail::mailbox_file_name(node_name(mta));
  stored.text = mail::message_text(trace, trail(letter, recipient), letter.content, letter.extra_headers);
  writer_.add(stored);
}

void MailArchive::recipient_settled(sim::SimTime, const world::Message& m, std::uint32_t recipient, world::Fate fate,
                                    std::uint32_t node, const smtp::Reply& reason, world::Folder) {
  const auto found = letters_.find(m.id);
  if (found == letters_.end()) return;
  // RFC 5321 6.1: a message from the null sender gets no report.
  if (fate == world::Fate::Bounced && !found->second.sender.empty()) record_failure(found->second, m, recipient, node, reason);
  if (--found->second.unsettled == 0) {
    letters_.erase(found);
    refusals_.erase(refusals_.lower_bound({m.id, 0}), refusals_.lower_bound({m.id + 1, 0}));
  }
}

void MailArchive::record_failure(const Letter& letter, const world::Message& m, std::uint32_t recipient,
                                 std::uint32_t mta, const smtp::Reply& reason) {
  const std::string_view server = node_name(mta);
  auto [entry, fresh] = reports_.try_emplace({m.id, mta});
  mail::DeliveryReport& report = entry->second;
  if (fresh) {
    // The report quotes the headers as the reporting server's queue file held them.
    std::vector<mail::ReceivedHop> hops = trail(letter, recipient);
    while (!hops.empty() && hops.back().by != server) hops.pop_back();
    report.reporting_mta = std::string(server);
    report.original_sender = letter.sender;
    report.queue_id = smtp::queue_id_text(world::queue_id_of(m.id, mta));
    report.arrival = hops.empty() ? letter.content.date : hops.back().date;
    report.original_headers = mail::header_section(hops, letter.content, letter.extra_headers);
  }
  mail::FailedRecipient failed;
  failed.final_recipient = address_at_last_hop(letter, recipient);
  failed.original_recipient = recipient < letter.recipients.size() ? letter.recipients[recipient] : failed.final_recipient;
  failed.status = status_text(reason);
  const auto refusal = refusals_.find({m.id, recipient});
  if (refusal != refusals_.end() && refusal->second.code == reason.code && reason.text != smtp::ReplyText::Diagnostic) {
    failed.diagnostic = refusal->second.reply;
    failed.remote_host = refusal->second.host;
    failed.in_reply_to = refusal->second.in_reply_to;
    failed.final_recipient = refusal->second.sent_as;
  } else {
    failed.diagnostic = reply_line(reason, server);
  }
  report.failed.push_back(std::move(failed));
}

}  // namespace relaysim::report
