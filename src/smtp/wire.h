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

// Postfix line_length_limit: a command line (or a piece of a message line) is read up to this
// many octets, its LF included; the rest of a longer command line is discarded.
inline constexpr std::size_t kMaxCommandLine = 2048;

// A command, or the reply for a line that is no command the server knows (500 5.5.2 not
// recognized, 500 5.5.2 bad syntax or bad UTF-8, 221 2.7.0 for one that is not SMTP at all).
// A known command whose form is wrong is a Command with a fault (Command::fault_stage): the
// session sends it only once the command's state checks have passed, as Postfix does.
using ParsedLine = std::variant<Command, Reply>;

struct ParseRules {
  bool smtputf8 = true;  // Postfix smtputf8_enable: lines must be UTF-8; MAIL's SMTPUTF8 is known
};

// `line` is one line without its line end, as Postfix reads it (trailing CRs gone). Bytes from
// a NUL on are ignored, as in Postfix's C strings. Views in the result point into `line`.
ParsedLine parse_command_line(std::string_view line, const ParseRules& rules = {});

// Replaces `out` with the words of `words` (a command's arguments) joined by one space, as
// Postfix's collapse_args joins them: "VRFY  Alice\tSmith <a@b>" echoes "Alice Smith <a@b>".
void collapse_arguments(std::string_view words, std::string& out);

// What the formatter needs to know about the server that sends a reply.
struct ServerIdentity {
  std::string_view hostname;
};

// Appends the reply's wire text, one or more lines each ending in CRLF.
void format_reply(const Reply& reply, const ServerIdentity& server, std::string& out);
// A queue id as Postfix writes it in replies and Received headers: upper-case hex ("4B2A1C").
std::string queue_id_text(std::uint64_t queue_id);
// Appends the command's wire text ending in CRLF. With redact_auth, AUTH secrets show as "<redacted>".
void format_command(const Command& command, std::string& out, bool redact_auth = true);

}  // namespace relaysim::smtp
