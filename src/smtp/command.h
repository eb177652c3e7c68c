// Typed SMTP commands, as a client sends them and a server session consumes them.
// Arguments are views into text the caller keeps alive for the duration of the call.
#pragma once

#include <cstdint>
#include <string_view>

#include "smtp/reply.h"

namespace relaysim::smtp {

enum class Verb : std::uint8_t {
  Helo,          // argument: the words after the verb
  Ehlo,
  Auth,          // argument: mechanism (PLAIN, LOGIN); initial_response: optional base64
  AuthResponse,  // a line sent in answer to a 334 challenge; argument: the base64 text or "*"
  Mail,          // argument: the reverse-path inside the angle brackets ("" for <>); size: SIZE= or 0
  Rcpt,          // argument: the forward-path inside the angle brackets, exactly as written
  Data,
  Bdat,          // size: the chunk's octets; last_chunk; content_octets: the message so far (RFC 3030)
  EndOfData,     // the message content ended by <CRLF>.<CRLF>; size: its length in octets
  Rset,
  Noop,
  Quit,
  Vrfy,          // argument: the words to verify, without a trailing SMTPUTF8
  Etrn,          // argument: the domain, without a leading '@' or '#' (RFC 1985)
  Starttls,
  Xclient,       // Postfix's XCLIENT and XFORWARD: argument: the attributes
  Xforward,
  Unknown,       // argument: the verb as received
};

// Which of a command's checks a fault the parser found belongs to: Postfix checks the session's
// state first (503 before 501), then the command's form, its path and its parameters, in order.
enum class FaultStage : std::uint8_t {
  None,
  Form,        // the command itself ("MAIL FROM:" missing, DATA with arguments, AUTH with four words)
  Path,        // MAIL/RCPT: the path's brackets or quotes do not close
  Parameters,  // MAIL/RCPT: an ESMTP parameter, judged after the address
};

struct Command {
  Verb verb = Verb::Noop;
  bool last_chunk = false;            // BDAT ... LAST
  FaultStage fault_stage = FaultStage::None;
  ReplyText fault = ReplyText::Ok;    // with fault_arg, the reply for a fault the parser found
  std::string_view argument;
  std::string_view initial_response;  // AUTH only
  std::string_view fault_arg;
  std::uint64_t size = 0;             // MAIL (SIZE=), EndOfData, BDAT (the chunk)
  std::uint64_t content_octets = 0;   // BDAT: the message's octets so far, as Postfix counts them
  // EndOfData, BDAT LAST: the message's content, lines ending in \n, when the text layer kept it
  // (a real client's message, for the mailboxes); empty otherwise.
  std::string_view content;

  bool faulty() const { return fault_stage != FaultStage::None; }
  Reply fault_reply() const { return make_reply(fault, fault_arg); }
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
