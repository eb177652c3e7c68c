// The SMTP wire form: parse a client's command line into a typed Command, and format
// typed commands and replies as text (for transcripts and for a real network listener).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "smtp/command.h"
#include "smtp/reply.h"

namespace relaysim::smtp {

inline constexpr std::size_t kMaxCommandLine = 512;  // octets including CRLF (RFC 5321 4.5.3.1.4)
inline constexpr std::size_t kMaxTextLine = 1000;    // octets including CRLF (RFC 5321 4.5.3.1.6)

// A command, or the error reply the server sends for a line it cannot parse
// (500 5.5.1 unknown command, 501 5.5.2 syntax, 500 5.5.2 line too long).
using ParsedLine = std::variant<Command, Reply>;

// `line` is one line without its CRLF. Views in the result point into `line`.
ParsedLine parse_command_line(std::string_view line);

// What the formatter needs to know about the server that sends a reply.
struct ServerIdentity {
  std::string_view hostname;
};

// Appends the reply's wire text, one or more lines each ending in CRLF.
void format_reply(const Reply& reply, const ServerIdentity& server, std::string& out);
// Appends the command's wire text ending in CRLF. With redact_auth, AUTH secrets show as "<redacted>".
void format_command(const Command& command, std::string& out, bool redact_auth = true);

}  // namespace relaysim::smtp
