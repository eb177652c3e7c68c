// The SMTP wire form. Parsing follows RFC 5321 with Postfix's tolerances (case-insensitive
// verbs, a space after "FROM:", unbracketed paths); replies are worded from the reply table.
#include "smtp/wire.h"

#include "smtp/address.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>

#include "smtp/reply_table.h"

namespace relaysim::smtp {
namespace {

// ---- parsing ---------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t'; }

char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_upper(x) == to_upper(y);
         });
}

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Removes and returns the first whitespace-separated token of `text`.
std::string_view next_token(std::string_view& text) {
  text = trim(text);
  const std::size_t end = static_cast<std::size_t>(std::find_if(text.begin(), text.end(), is_space) - text.begin());
  const std::string_view token = text.substr(0, end);
  text.remove_prefix(end);
  return token;
}

Reply syntax_error(std::string_view usage) { return make_reply(ReplyText::SyntaxError, usage); }

// The length of "<...>" at the start of `text`, honouring quoted strings and backslash
// escapes inside (so "<\"a>b\"@c>" is one path), or 0 when the brackets do not balance.
// A domain literal ("@[...]") is one token too, as in Postfix's tokenizer: RFC 5321's dcontent
// allows '"' and '>' in it, which must neither open a quoted string nor end the path.
std::size_t bracketed_path_length(std::string_view text) {
  bool quoted = false;
  bool literal = false;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (literal) {
      literal = c != ']';
    } else if (c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '[' && !quoted && text[i - 1] == '@') {
      literal = true;
    } else if (c == '>' && !quoted) {
      return i + 1;
    }
  }
  return 0;
}

// Splits "<path> params" (or a bare path, as Postfix's strict_rfc821_envelopes=no allows)
// into the text inside the brackets and the rest. Returns false when the brackets do not balance.
bool split_path(std::string_view text, std::string_view& path, std::string_view& params) {
  if (text.front() != '<') {
    params = text;
    path = next_token(params);
    return true;
  }
  const std::size_t length = bracketed_path_length(text);
  if (length == 0) return false;
  path = text.substr(1, length - 2);
  params = text.substr(length);
  return params.empty() || is_space(params.front());
}

// RFC 1870 SIZE value; a number too big for 64 bits is clamped (the session refuses it as too big).
bool parse_size(std::string_view digits, std::uint64_t& size) {
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
  if (error == std::errc::result_out_of_range) size = std::numeric_limits<std::uint64_t>::max();
  return end == digits.data() + digits.size() || error == std::errc::result_out_of_range;
}

// "MAIL FROM:<path> [SIZE=n] [BODY=8BITMIME|7BIT] [AUTH=...]" and "RCPT TO:<path> [NOTIFY=..] [ORCPT=..]".
struct PathCommandRules {
  Verb verb;
  std::string_view keyword;    // "FROM:" or "TO:"
  std::string_view usage;      // for 501 Syntax:
  ReplyText bad_path;          // Postfix: 501 5.1.7 / 501 5.1.3
  bool takes_size_and_body;    // MAIL's parameters (RFC 1870, 1652, 4954) or RCPT's (RFC 3461)
};

constexpr PathCommandRules kMailRules{Verb::Mail, "FROM:", "MAIL FROM:<address>", ReplyText::BadSenderSyntax, true};
constexpr PathCommandRules kRcptRules{Verb::Rcpt, "TO:", "RCPT TO:<address>", ReplyText::BadRecipientSyntax, false};

// Accepts one ESMTP parameter into `command`; returns a reply when it is refused.
std::optional<Reply> apply_parameter(std::string_view param, const PathCommandRules& rules, Command& command) {
  if (rules.takes_size_and_body) {
    if (istarts_with(param, "SIZE=")) {
      if (!parse_size(param.substr(5), command.size)) return syntax_error("MAIL FROM:<address> SIZE=<octets>");
      return std::nullopt;
    }
    if (iequals(param, "BODY=8BITMIME") || iequals(param, "BODY=7BIT") || istarts_with(param, "AUTH=")) {
      return std::nullopt;  // accepted; the simulation carries no body type or AUTH= identity
    }
  } else if (istarts_with(param, "NOTIFY=") || istarts_with(param, "ORCPT=")) {
    return std::nullopt;  // DSN parameters: accepted, not modelled
  }
  return make_reply(ReplyText::UnsupportedOption, param);
}

ParsedLine parse_path_command(std::string_view rest, const PathCommandRules& rules) {
  rest = trim(rest);
  if (!istarts_with(rest, rules.keyword)) return syntax_error(rules.usage);
  rest = trim(rest.substr(rules.keyword.size()));  // Postfix tolerates "FROM: <path>"
  if (rest.empty()) return syntax_error(rules.usage);
  Command command = make_command(rules.verb);
  std::string_view params;
  if (!split_path(rest, command.argument, params)) return make_reply(rules.bad_path);
  for (std::string_view param = next_token(params); !param.empty(); param = next_token(params)) {
    if (auto refusal = apply_parameter(param, rules, command)) return *refusal;
  }
  return command;
}

ParsedLine parse_mail(std::string_view rest) { return parse_path_command(rest, kMailRules); }
ParsedLine parse_rcpt(std::string_view rest) { return parse_path_command(rest, kRcptRules); }

ParsedLine parse_hello(Verb verb, std::string_view rest, std::string_view usage) {
  rest = trim(rest);
  if (rest.empty()) return syntax_error(usage);
  return make_command(verb, rest);
}
ParsedLine parse_helo(std::string_view rest) { return parse_hello(Verb::Helo, rest, "HELO hostname"); }
ParsedLine parse_ehlo(std::string_view rest) { return parse_hello(Verb::Ehlo, rest, "EHLO hostname"); }

ParsedLine parse_auth(std::string_view rest) {
  Command command = make_command(Verb::Auth);
  command.argument = next_token(rest);
  command.initial_response = next_token(rest);
  if (command.argument.empty() || !trim(rest).empty()) return syntax_error("AUTH mechanism");
  return command;
}

ParsedLine parse_vrfy(std::string_view rest) {
  rest = trim(rest);
  if (rest.empty()) return syntax_error("VRFY address");
  return make_command(Verb::Vrfy, rest);
}

template <Verb kVerb>
ParsedLine parse_bare(std::string_view rest) {
  if (!trim(rest).empty()) return syntax_error(verb_name(kVerb));
  return make_command(kVerb);
}

// NOOP and QUIT ignore arguments, as Postfix does.
template <Verb kVerb>
ParsedLine parse_ignoring_arguments(std::string_view) {
  return make_command(kVerb);
}

struct VerbRule {
  std::string_view name;
  ParsedLine (*parse)(std::string_view rest);
};

constexpr std::array kVerbRules{
    VerbRule{"HELO", parse_helo},
    VerbRule{"EHLO", parse_ehlo},
    VerbRule{"AUTH", parse_auth},
    VerbRule{"MAIL", parse_mail},
    VerbRule{"RCPT", parse_rcpt},
    VerbRule{"DATA", parse_bare<Verb::Data>},
    VerbRule{"RSET", parse_bare<Verb::Rset>},
    VerbRule{"NOOP", parse_ignoring_arguments<Verb::Noop>},
    VerbRule{"QUIT", parse_ignoring_arguments<Verb::Quit>},
    VerbRule{"VRFY", parse_vrfy},
};

// ---- formatting ------------------------------------------------------------------------

void append_number(std::uint64_t value, std::string& out, int base = 10) {
  std::array<char, 24> digits{};
  const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value, base);
  (void)error;  // 24 characters hold any 64-bit number
  for (const char* p = digits.data(); p != end; ++p) out += to_upper(*p);
}

void append_status_prefix(std::uint16_t code, const EnhancedStatus& status, char separator, std::string& out) {
  append_number(code, out);
  out += separator;
  if (status == EnhancedStatus{}) return;
  append_number(status.klass, out);
  out += '.';
  append_number(status.subject, out);
  out += '.';
  append_number(status.detail, out);
  out += ' ';
}

void append_ipv4(std::uint32_t ip, std::string& out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    append_number((ip >> shift) & 0xff, out);
    if (shift > 0) out += '.';
  }
}

// A client's text echoed in a reply (a path, a parameter) gets '?' for each control character,
// as Postfix's printable() gives: a bare CR or a NUL would break the client's reading of the line.
void append_printable(std::string_view text, std::string& out) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 32 || byte == 127 ? '?' : c;
  }
}

// The base64 AUTH LOGIN prompts, as real servers send them.
constexpr std::array<std::string_view, 3> kAuthPrompts{"", "VXNlcm5hbWU6", "UGFzc3dvcmQ6"};

void append_wording(const Reply& reply, const ServerIdentity& server, std::string& out) {
  std::string_view wording = detail::wording_of(reply.text).wording;
  while (!wording.empty()) {
    const std::size_t open = wording.find('{');
    out += wording.substr(0, open);
    if (open == std::string_view::npos) return;
    const std::size_t close = wording.find('}', open);
    const std::string_view name = wording.substr(open + 1, close - open - 1);
    if (name == "host") out += server.hostname;
    if (name == "arg") append_printable(reply.arg, out);
    if (name == "addr") append_printable(extract_address(reply.arg).value_or(std::string(reply.arg)), out);
    if (name == "id") append_number(reply.number, out, 16);
    if (name == "ip") append_ipv4(static_cast<std::uint32_t>(reply.number), out);
    if (name == "prompt") out += kAuthPrompts[std::min<std::uint64_t>(reply.number, kAuthPrompts.size() - 1)];
    wording.remove_prefix(close + 1);
  }
}

// EHLO keywords in Postfix's order, each shown when any of its capability bits is set.
struct EhloKeyword {
  std::uint8_t bits;
  std::string_view keyword;
};
constexpr std::array kEhloKeywords{
    EhloKeyword{kPipelining, "PIPELINING"},
    EhloKeyword{kSize, "SIZE"},
    EhloKeyword{kAuthPlain | kAuthLogin, "AUTH"},
    EhloKeyword{kEnhancedStatusCodes, "ENHANCEDSTATUSCODES"},
    EhloKeyword{k8BitMime, "8BITMIME"},
};

void append_ehlo_keyword(const EhloKeyword& keyword, const Reply& reply, std::string& out) {
  out += keyword.keyword;
  if (keyword.bits == kSize && reply.number != 0) {  // bare "SIZE": no fixed limit (RFC 1870)
    out += ' ';
    append_number(reply.number, out);
  }
  if (keyword.bits == (kAuthPlain | kAuthLogin)) {
    if (reply.capabilities & kAuthPlain) out += " PLAIN";
    if (reply.capabilities & kAuthLogin) out += " LOGIN";
  }
}

// "250-host" then one "250-KEYWORD" line per capability, the last one "250 KEYWORD".
void format_ehlo(const Reply& reply, const ServerIdentity& server, std::string& out) {
  const auto advertised = [&](const EhloKeyword& keyword) { return (reply.capabilities & keyword.bits) != 0; };
  std::size_t remaining = static_cast<std::size_t>(std::count_if(kEhloKeywords.begin(), kEhloKeywords.end(), advertised));
  append_status_prefix(reply.code, reply.status, remaining == 0 ? ' ' : '-', out);
  out += server.hostname;
  out += "\r\n";
  for (const EhloKeyword& keyword : kEhloKeywords) {
    if (!advertised(keyword)) continue;
    append_status_prefix(reply.code, reply.status, --remaining == 0 ? ' ' : '-', out);
    append_ehlo_keyword(keyword, reply, out);
    out += "\r\n";
  }
}

void append_path_command(std::string_view keyword, const Command& command, std::string& out) {
  out += keyword;
  out += '<';
  out += command.argument;
  out += '>';
}

}  // namespace

ParsedLine parse_command_line(std::string_view line) {
  if (line.size() > kMaxCommandLine - 2) return make_reply(ReplyText::LineTooLong);
  std::string_view rest = trim(line);
  if (rest.empty()) return make_reply(ReplyText::BadSyntax);
  const std::string_view verb = next_token(rest);
  for (const VerbRule& rule : kVerbRules) {
    if (iequals(verb, rule.name)) return rule.parse(rest);
  }
  return make_reply(ReplyText::CommandUnknown, verb);
}

void format_reply(const Reply& reply, const ServerIdentity& server, std::string& out) {
  if (reply.text == ReplyText::EhloCapabilities) {
    format_ehlo(reply, server, out);
    return;
  }
  append_status_prefix(reply.code, reply.status, ' ', out);
  append_wording(reply, server, out);
  out += "\r\n";
}

void format_command(const Command& command, std::string& out, bool redact_auth) {
  constexpr std::string_view kRedacted = "<redacted>";
  switch (command.verb) {
    case Verb::Mail:
      append_path_command("MAIL FROM:", command, out);
      if (command.size != 0) {
        out += " SIZE=";
        append_number(command.size, out);
      }
      break;
    case Verb::Rcpt:
      append_path_command("RCPT TO:", command, out);
      break;
    case Verb::Auth:
      out += "AUTH ";
      out += command.argument;
      if (!command.initial_response.empty()) {
        out += ' ';
        out += redact_auth ? kRedacted : command.initial_response;
      }
      break;
    case Verb::AuthResponse:
      // "*" (cancel) is no secret and explains the 501 that follows.
      out += redact_auth && command.argument != "*" ? kRedacted : command.argument;
      break;
    case Verb::EndOfData:
      out += "<message content, ";
      append_number(command.size, out);
      out += " octets>\r\n.";
      break;
    case Verb::Unknown:
      out += command.argument;
      break;
    default:
      out += verb_name(command.verb);
      if (!command.argument.empty()) {
        out += ' ';
        out += command.argument;
      }
      break;
  }
  out += "\r\n";
}

}  // namespace relaysim::smtp
