// Typed SMTP commands, as a client sends them and a server session consumes them.
// Arguments are views into text the caller keeps alive for the duration of the call.
#pragma once

#include <cstdint>
#include <string_view>

namespace relaysim::smtp {

enum class Verb : std::uint8_t {
  Helo,
  Ehlo,
  Auth,          // argument: mechanism (PLAIN, LOGIN); initial_response: optional base64
  AuthResponse,  // a line sent in answer to a 334 challenge; argument: the base64 text or "*"
  Mail,          // argument: the reverse-path inside the angle brackets ("" for <>); size: SIZE= or 0
  Rcpt,          // argument: the forward-path inside the angle brackets, exactly as written
  Data,
  EndOfData,     // the message content ended by <CRLF>.<CRLF>; size: its length in octets
  Rset,
  Noop,
  Quit,
  Vrfy,          // argument: the string to verify
  Unknown,       // argument: the verb as received
};

struct Command {
  Verb verb = Verb::Noop;
  std::string_view argument;
  std::string_view initial_response;  // AUTH only
  std::uint64_t size = 0;             // MAIL (SIZE=) and EndOfData
};

// The verb as it appears on the wire ("MAIL FROM:" is "MAIL").
std::string_view verb_name(Verb verb);

inline Command make_command(Verb verb, std::string_view argument = {}) {
  Command command;
  command.verb = verb;
  command.argument = argument;
  return command;
}

}  // namespace relaysim::smtp
