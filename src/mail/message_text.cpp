#include "mail/message_text.h"

#include <algorithm>

#include "smtp/base64.h"
#include "smtp/ipv4_text.h"
#include "smtp/wire.h"

namespace relaysim::mail {
namespace {

bool printable_ascii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// RFC 5322 3.2.3: a display name that is not one atom is written as a quoted string.
bool needs_quotes(std::string_view name) {
  for (const char c : name) {
    const bool atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("!#$%&'*+-/=?^_`{|}~ ").find(c) != std::string_view::npos;
    if (!atext) return true;
  }
  return false;
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\n");
}

}  // namespace

std::string_view protocol_name(ReceivedProtocol p) {
  switch (p) {
    case ReceivedProtocol::Smtp: return "SMTP";
    case ReceivedProtocol::Esmtp: return "ESMTP";
    case ReceivedProtocol::Esmtpa: return "ESMTPA";
  }
  return "ESMTP";
}

std::string received_header(const ReceivedHop& hop) {
  const std::string id = smtp::queue_id_text(hop.queue_id);
  if (hop.posted_locally) return "Received: by " + hop.by + " (Postfix)\n\tid " + id + "; " + rfc5322_date(hop.date) + "\n";
  std::string out = "Received: from " + one_line(hop.helo) + " (" + hop.client_name + " [" + smtp::format_ipv4(hop.client_ip) + "])\n";
  out += "\tby " + hop.by + " (Postfix) with " + std::string(protocol_name(hop.protocol));
  if (hop.for_recipient) {
    out += " id " + id + "\n\tfor <" + one_line(*hop.for_recipient) + ">; " + rfc5322_date(hop.date) + "\n";
  } else {
    out += "\n\tid " + id + "; " + rfc5322_date(hop.date) + "\n";
  }
  return out;
}

std::string header_text(std::string_view text) {
  if (printable_ascii(text)) return std::string(text);
  // RFC 2047 2: an encoded word is at most 75 characters, so long texts take several.
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t take = std::min<std::size_t>(45, text.size() - at);
    // Never split a UTF-8 sequence between two words (RFC 2047 5).
    while (take > 1 && at + take < text.size() && (static_cast<unsigned char>(text[at + take]) & 0xC0) == 0x80) --take;
    if (!out.empty()) out += "\n ";
    out += "=?UTF-8?B?";
    smtp::base64_encode(text.substr(at, take), out);
    out += "?=";
    at += take;
  }
  return out;
}

std::string mailbox_header_value(std::string_view text) {
  const std::size_t open = text.rfind('<');
  if (open == std::string_view::npos || text.back() != '>') return std::string(text);
  std::string_view name = text.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  const std::string_view address = text.substr(open);
  if (name.empty()) return std::string(address);
  if (!printable_ascii(name)) return header_text(name) + " " + std::string(address);
  if (!needs_quotes(name)) return std::string(name) + " " + std::string(address);
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" " + std::string(address);
}

namespace {

// Where a client's header ends: at its first line that is neither a field ("Name:" of printable
// ASCII, RFC 5322 2.2) nor a continuation (leading white space). A blank line there belongs to
// neither part; any other line starts the body, as cleanup reads it.
struct VerbatimParts {
  std::string_view header, body;
};

bool is_field_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  return std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](char c) { return c > 32 && c < 127; });
}

VerbatimParts split_verbatim(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    const bool continuation = at > 0 && !line.empty() && (line.front() == ' ' || line.front() == '\t');
    if (!continuation && !is_field_line(line)) {
      const std::size_t body = line.empty() ? std::min(end + 1, text.size()) : at;
      return {text.substr(0, at), text.substr(body)};
    }
    at = end + 1;
  }
  return {text, {}};
}

}  // namespace

std::string header_section(std::span<const ReceivedHop> hops, const MessageContent& content,
                           std::string_view extra_headers) {
  std::string out;
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) out += received_header(*hop);
  if (!content.verbatim.empty()) {
    out += split_verbatim(content.verbatim).header;
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
  }
  if (!content.dkim_domain.empty()) {
    // The model simulates no cryptography: bh= and b= say so, in base64 ("simulated").
    append_field(out, "DKIM-Signature",
                 "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + one_line(content.dkim_domain) +
                     "; s=" + one_line(content.dkim_selector) +
                     ";\n\th=from:to:subject:date:message-id; bh=c2ltdWxhdGVk; b=c2ltdWxhdGVk");
  }
  append_field(out, "Date", rfc5322_date(content.date));
  append_field(out, "From", mailbox_header_value(one_line(content.from)));
  std::string to;
  for (const std::string& address : content.to) to += (to.empty() ? "" : ",\n ") + one_line(address);
  append_field(out, "To", to);
  append_field(out, "Subject", header_text(content.subject));
  append_field(out, "Message-ID", "<" + one_line(content.message_id) + ">");
  if (extra_headers.empty()) {
    append_field(out, "MIME-Version", "1.0");
    append_field(out, "Content-Type", "text/plain; charset=UTF-8");
    append_field(out, "Content-Transfer-Encoding", "8bit");
  } else {
    out += extra_headers;
  }
  return out;
}

std::string message_text(const DeliveryTrace& trace, std::span<const ReceivedHop> hops, const MessageContent& content,
                         std::string_view extra_headers) {
  std::string out;
  append_field(out, "Return-Path", "<" + one_line(trace.return_path) + ">");
  append_field(out, "X-Original-To", one_line(trace.original_recipient));
  append_field(out, "Delivered-To", one_line(trace.delivered_to));
  if (!trace.authentication_results.empty()) append_field(out, "Authentication-Results", trace.authentication_results);
  out += header_section(hops, content, extra_headers);
  out += "\n";
  const std::string_view body = content.verbatim.empty() ? std::string_view(content.body)
                                                         : split_verbatim(content.verbatim).body;
  out += body;
  if (!body.empty() && body.back() != '\n') out += '\n';
  return out;
}

}  // namespace relaysim::mail
