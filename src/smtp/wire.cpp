// The SMTP wire form. Parsing follows Postfix 3.7's smtpd: its tokenizer (smtpd_token), its
// command table and each command's own syntax checks; replies are worded from the reply table.
#include "smtp/wire.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "smtp/address.h"
#include "smtp/ascii_case.h"
#include "smtp/ipv4_text.h"
#include "smtp/reply_table.h"
#include "smtp/utf8.h"

namespace relaysim::smtp {
namespace {

// ---- words: Postfix's smtpd_token ------------------------------------------------------

// C's isspace() in the "C" locale, which smtpd_token splits on: a bare CR (or a VT, an FF)
// inside a line separates words as a space does.
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equal_ignoring_case(text.substr(0, prefix.size()), prefix);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Token {
  std::string_view text;
  bool unclosed = false;   // a quote or bracket ran to the end of the line (SMTPD_TOK_ERROR)
};

// smtp_quoted: from text[i], just after `open` ('<' or '"'), to just after what closes it.
// Inside <...> a quoted string and another <...> nest; in a quoted string only '"' counts; a
// backslash escapes the next character. Nothing closing it: the end, and `unclosed`.
std::size_t quoted_end(std::string_view text, std::size_t i, char open, bool& unclosed) {
  std::size_t depth = 1;  // '>' still wanted, when open is '<'
  bool quote = open == '"';
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      ++i;
    } else if (quote) {
      quote = c != '"';
      if (!quote && open == '"') return i + 1;
    } else if (c == '"') {
      quote = true;
    } else if (c == '<') {
      ++depth;
    } else if (c == '>' && --depth == 0) {
      return i + 1;
    }
  }
  unclosed = true;
  return text.size();
}

// The words of a command line, one at a time. A word ends at white space, and right after
// "TO:" or "FROM:" (so "MAIL FROM:<a@b>" is three words); <...> and "..." keep their spaces.
class Words {
 public:
  explicit Words(std::string_view text) : text_(text) {}

  bool next(Token& token) {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    if (pos_ == text_.size()) return false;
    token = Token{};
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_])) {
      const char c = text_[pos_++];
      if (c == '<' || c == '"') {
        pos_ = quoted_end(text_, pos_, c, token.unclosed);
      } else if (c == '\\') {
        pos_ = std::min(pos_ + 1, text_.size());
      } else if (c == ':' && (equal_ignoring_case(text_.substr(start, pos_ - start), "TO:") ||
                              equal_ignoring_case(text_.substr(start, pos_ - start), "FROM:"))) {
        break;
      }
    }
    token.text = text_.substr(start, pos_ - start);
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// The text from the start of `first` to the end of `last`, two words of one line.
std::string_view span(std::string_view first, std::string_view last) {
  return {first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data())};
}

// The remaining words, from the first to the last; empty when there are none.
std::string_view rest_of(Words& words) {
  Token first;
  if (!words.next(first)) return {};
  Token last = first;
  for (Token word; words.next(word);) last = word;
  return span(first.text, last.text);
}

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = decode_utf8(text, i).length;
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// Postfix's is_header(): printable ASCII up to a ':', spaces allowed only before the colon;
// "Subject:" pipelined after a refused DATA is message content, not a command.
bool looks_like_header(std::string_view word) {
  std::size_t length = 0;
  bool spaced = false;
  for (char c : word) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == ':') return length > 0;
    if (c == ' ' || c == '\t') {
      if (length == 0) return false;
      spaced = true;
    } else if (byte < 0x20 || byte >= 0x7f || spaced) {
      return false;
    } else {
      ++length;
    }
  }
  return false;
}

// Postfix's default smtpd_forbidden_commands, "CONNECT GET POST regexp:{{/^[^A-Z]/ Bogus}}"
// (regexp tables ignore case): an HTTP request, or a word that does not start with a letter.
bool forbidden_verb(std::string_view word) {
  constexpr std::array<std::string_view, 3> kForbidden{"CONNECT", "GET", "POST"};
  const char first = to_upper(word.front());
  return first < 'A' || first > 'Z' ||
         std::any_of(kForbidden.begin(), kForbidden.end(),
                     [&](std::string_view f) { return equal_ignoring_case(word, f); });
}

// ---- faults ----------------------------------------------------------------------------

Command with_fault(Command command, FaultStage stage, ReplyText text, std::string_view arg = {}) {
  command.fault_stage = stage;
  command.fault = text;
  command.fault_arg = arg;
  return command;
}

Command form_fault(Verb verb, ReplyText text, std::string_view arg = {}) {
  return with_fault(make_command(verb), FaultStage::Form, text, arg);
}

// ---- ESMTP parameter values --------------------------------------------------------------

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  const char upper = to_upper(c);
  return upper >= 'A' && upper <= 'F' ? upper - 'A' + 10 : -1;
}

// RFC 3461 xtext as Postfix's xtext_unquote reads it: "+XX" with two hex digits of either case.
// Calls `each` for every decoded octet until it returns false; false when the text is no xtext.
template <typename Each>
bool decode_xtext(std::string_view text, Each each) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    int octet = static_cast<unsigned char>(text[i]);
    if (text[i] == '+') {
      const int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (high < 0 || low < 0) return false;
      octet = high * 16 + low;
      i += 2;
    }
    if (!each(static_cast<unsigned char>(octet))) break;
  }
  return true;
}

// ENVID: xtext whose value (up to a decoded NUL, as in C) is printable ASCII, and not empty.
bool valid_envid(std::string_view value) {
  std::size_t printable = 0;
  bool all_printable = true;
  const bool xtext = decode_xtext(value, [&](unsigned char octet) {
    if (octet == 0) return false;
    all_printable = all_printable && octet >= 0x20 && octet < 0x7f;
    ++printable;
    return true;
  });
  return xtext && all_printable && printable > 0;
}

// NOTIFY: NEVER alone, or a comma list of SUCCESS, FAILURE and DELAY (empty items are skipped).
bool valid_notify(std::string_view value) {
  constexpr std::array<std::string_view, 3> kEvents{"SUCCESS", "FAILURE", "DELAY"};
  bool never = false;
  bool events = false;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view item = value.substr(0, comma);
    value.remove_prefix(comma == std::string_view::npos ? value.size() : comma + 1);
    if (item.empty()) continue;
    if (equal_ignoring_case(item, "NEVER")) {
      never = true;
    } else if (std::any_of(kEvents.begin(), kEvents.end(),
                           [&](std::string_view e) { return equal_ignoring_case(item, e); })) {
      events = true;
    } else {
      return false;
    }
  }
  return never != events;
}

// ORCPT: addr-type ";" xtext, the type not empty.
bool valid_orcpt(std::string_view value) {
  const std::size_t semicolon = value.find(';');
  return semicolon != std::string_view::npos && semicolon > 0 &&
         decode_xtext(value.substr(semicolon + 1), [](unsigned char) { return true; });
}

// Postfix's off_cvt_string on digits alone: nullopt past 2^63 - 1 (the size of an off_t).
std::optional<std::uint64_t> octet_count(std::string_view digits) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
  return value;
}

bool all_digits(std::string_view text) { return !text.empty() && std::all_of(text.begin(), text.end(), is_digit); }

// ---- MAIL FROM and RCPT TO ---------------------------------------------------------------

struct PathCommandRules {
  Verb verb;
  std::string_view keyword;  // "FROM:" or "TO:"
  std::string_view usage;    // for 501 5.5.4 Syntax:
  ReplyText bad_path;        // Postfix: 501 5.1.7 / 501 5.1.3
};

constexpr PathCommandRules kMailRules{Verb::Mail, "FROM:", "MAIL FROM:<address>", ReplyText::BadSenderSyntax};
constexpr PathCommandRules kRcptRules{Verb::Rcpt, "TO:", "RCPT TO:<address>", ReplyText::BadRecipientSyntax};

// The parameters seen so far: RET, ENVID, AUTH, NOTIFY and ORCPT may each appear once.
struct SeenParameters {
  bool ret = false, envid = false, auth = false, notify = false, orcpt = false;
};

struct Refusal {
  ReplyText text;
  std::string_view arg;
};

// Postfix mail_cmd's parameter loop. SIZE= may repeat (the last counts).
std::optional<Refusal> mail_parameter(std::string_view param, const ParseRules& rules, SeenParameters& seen,
                                      Command& command) {
  const auto once = [](bool& flag) { return !std::exchange(flag, true); };
  if (equal_ignoring_case(param, "BODY=8BITMIME") || equal_ignoring_case(param, "BODY=7BIT")) return std::nullopt;
  if (istarts_with(param, "SIZE=")) {
    if (!all_digits(param.substr(5))) return Refusal{ReplyText::BadSizeSyntax, {}};
    const auto size = octet_count(param.substr(5));
    if (!size) return Refusal{ReplyText::SizeOverflow, {}};
    command.size = *size;
    return std::nullopt;
  }
  if (istarts_with(param, "AUTH=")) {  // RFC 4954 5: accepted from anyone, not modelled further
    return once(seen.auth) ? std::nullopt : std::optional{Refusal{ReplyText::MultipleAuthOptions, {}}};
  }
  if (istarts_with(param, "RET=")) {
    const std::string_view value = param.substr(4);
    const bool known = equal_ignoring_case(value, "FULL") || equal_ignoring_case(value, "HDRS");
    return once(seen.ret) && known ? std::nullopt : std::optional{Refusal{ReplyText::BadRetSyntax, {}}};
  }
  if (istarts_with(param, "ENVID=")) {
    const bool valid = valid_envid(param.substr(6));
    return once(seen.envid) && valid ? std::nullopt : std::optional{Refusal{ReplyText::BadEnvidSyntax, {}}};
  }
  if (rules.smtputf8 && equal_ignoring_case(param, "SMTPUTF8")) return std::nullopt;
  return Refusal{ReplyText::UnsupportedOption, param};
}

// Postfix rcpt_cmd's parameter loop (RFC 3461).
std::optional<Refusal> rcpt_parameter(std::string_view param, SeenParameters& seen) {
  const auto once = [](bool& flag) { return !std::exchange(flag, true); };
  if (istarts_with(param, "NOTIFY=")) {
    const bool valid = valid_notify(param.substr(7));
    return once(seen.notify) && valid ? std::nullopt : std::optional{Refusal{ReplyText::BadNotifySyntax, {}}};
  }
  if (istarts_with(param, "ORCPT=")) {
    const bool valid = valid_orcpt(param.substr(6));
    return once(seen.orcpt) && valid ? std::nullopt : std::optional{Refusal{ReplyText::BadOrcptSyntax, {}}};
  }
  return Refusal{ReplyText::UnsupportedOption, param};
}

// "MAIL FROM:<path> params" and "RCPT TO:<path> params". The path is the word after "FROM:",
// less a first '<' and a last '>' (an unbracketed path is taken as it is, as
// strict_rfc821_envelopes = no allows; "x<a@b>" is left to the address parser).
ParsedLine parse_path_command(Words& words, const PathCommandRules& rules, const ParseRules& parse_rules) {
  Token keyword, path;
  if (!words.next(keyword) || !equal_ignoring_case(keyword.text, rules.keyword) || !words.next(path)) {
    return form_fault(rules.verb, ReplyText::SyntaxError, rules.usage);
  }
  Command command = make_command(rules.verb);
  if (path.unclosed) return with_fault(command, FaultStage::Path, rules.bad_path);
  command.argument = inside_brackets(path.text);
  SeenParameters seen;
  for (Token param; words.next(param);) {
    const auto refusal = rules.verb == Verb::Mail ? mail_parameter(param.text, parse_rules, seen, command)
                                                  : rcpt_parameter(param.text, seen);
    if (refusal) return with_fault(command, FaultStage::Parameters, refusal->text, refusal->arg);
  }
  return command;
}

ParsedLine parse_mail(Words& words, const ParseRules& rules) { return parse_path_command(words, kMailRules, rules); }
ParsedLine parse_rcpt(Words& words, const ParseRules& rules) { return parse_path_command(words, kRcptRules, rules); }

// ---- the other commands ------------------------------------------------------------------

template <Verb kVerb>
ParsedLine parse_hello(Words& words, const ParseRules&) {
  const std::string_view name = rest_of(words);
  if (name.empty()) return form_fault(kVerb, ReplyText::HeloSyntax, kVerb == Verb::Helo ? "HELO hostname" : "EHLO hostname");
  return make_command(kVerb, name);
}

// AUTH mechanism [initial-response]: two or three words in all.
ParsedLine parse_auth(Words& words, const ParseRules&) {
  Token mechanism, response, extra;
  if (!words.next(mechanism) || (words.next(response) && words.next(extra))) {
    return form_fault(Verb::Auth, ReplyText::SyntaxError, "AUTH mechanism");
  }
  Command command = make_command(Verb::Auth, mechanism.text);
  command.initial_response = response.text;
  return command;
}

// VRFY address [SMTPUTF8]: the address is every word but a last SMTPUTF8 (RFC 6531).
ParsedLine parse_vrfy(Words& words, const ParseRules& rules) {
  Token first, previous, last;
  std::size_t count = 0;
  for (Token word; words.next(word); ++count) {
    if (count == 0) first = word;
    previous = last;
    last = word;
  }
  if (count > 0 && rules.smtputf8 && equal_ignoring_case(last.text, "SMTPUTF8")) {
    --count;
    last = previous;
  }
  if (count == 0) {
    return form_fault(Verb::Vrfy, ReplyText::SyntaxError, rules.smtputf8 ? "VRFY address [SMTPUTF8]" : "VRFY address");
  }
  return make_command(Verb::Vrfy, span(first.text, last.text));
}

// Postfix valid_hostname(): labels of letters, digits, '-' and '_', 1 to 63 octets, no '-' at
// either end, 255 octets in all, and not all digits (that would be an address).
bool valid_hostname(std::string_view name) {
  if (name.empty() || name.size() > 255 || std::all_of(name.begin(), name.end(), [](char c) { return is_digit(c) || c == '.'; })) {
    return false;
  }
  while (true) {
    const std::size_t dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    const bool label_ok = !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
                          std::all_of(label.begin(), label.end(), [](char c) {
                            return is_digit(c) || (to_upper(c) >= 'A' && to_upper(c) <= 'Z') || c == '-' || c == '_';
                          });
    if (!label_ok) return false;
    if (dot == std::string_view::npos) return true;
    name.remove_prefix(dot + 1);
  }
}

bool valid_ipv4(std::string_view text) {
  for (int octet = 0; octet < 4; ++octet) {
    const std::size_t dot = text.find('.');
    const std::string_view digits = text.substr(0, dot);
    if (digits.size() > 3 || !all_digits(digits) || octet_count(digits).value_or(256) > 255) return false;
    if ((dot == std::string_view::npos) != (octet == 3)) return false;
    if (dot != std::string_view::npos) text.remove_prefix(dot + 1);
  }
  return true;
}

// Hex groups of up to four digits between colons, one "::" at most.
bool valid_ipv6(std::string_view text) {
  const std::size_t compressed = text.find("::");
  if (compressed != std::string_view::npos && text.find("::", compressed + 1) != std::string_view::npos) return false;
  std::size_t groups = 0, digits = 0;
  for (char c : text) {
    if (c == ':') {
      digits = 0;
    } else if (hex_value(c) < 0 || ++digits > 4) {
      return false;
    } else if (digits == 1) {
      ++groups;
    }
  }
  return groups > 0 && (compressed == std::string_view::npos ? groups == 8 : groups < 8);
}

// Postfix valid_mailhost_literal(): "[192.0.2.1]" or "[IPv6:2001:db8::1]".
bool valid_address_literal(std::string_view text) {
  if (text.size() < 3 || text.front() != '[' || text.back() != ']') return false;
  const std::string_view inner = text.substr(1, text.size() - 2);
  return istarts_with(inner, "IPv6:") ? valid_ipv6(inner.substr(5)) : valid_ipv4(inner);
}

// ETRN domain, RFC 1985; Postfix drops a leading '@' or '#' and takes an address literal too.
ParsedLine parse_etrn(Words& words, const ParseRules&) {
  Token domain, extra;
  if (!words.next(domain) || words.next(extra)) return form_fault(Verb::Etrn, ReplyText::EtrnSyntax);
  std::string_view site = domain.text;
  if (site.front() == '@' || site.front() == '#') site.remove_prefix(1);
  if (!valid_hostname(site) && !valid_address_literal(site)) return form_fault(Verb::Etrn, ReplyText::EtrnBadParameter);
  return make_command(Verb::Etrn, site);
}

// BDAT count [LAST], RFC 3030. A malformed one ends the session: the server cannot know where
// the chunk ends.
ParsedLine parse_bdat(Words& words, const ParseRules&) {
  Token count, last, extra;
  const bool words_ok = words.next(count) && !(words.next(last) && words.next(extra));
  const auto size = words_ok && all_digits(count.text) ? octet_count(count.text) : std::nullopt;
  if (!size || (!last.text.empty() && !equal_ignoring_case(last.text, "LAST"))) {
    return form_fault(Verb::Bdat, ReplyText::BdatSyntax);
  }
  Command command = make_command(Verb::Bdat);
  command.size = *size;
  command.last_chunk = !last.text.empty();
  return command;
}

template <Verb kVerb>
ParsedLine parse_attributes(Words& words, const ParseRules&) {
  const std::string_view attributes = rest_of(words);
  if (attributes.empty()) {
    return form_fault(kVerb, ReplyText::SyntaxError,
                      kVerb == Verb::Xclient ? "XCLIENT attribute=value..." : "XFORWARD attribute=value...");
  }
  return make_command(kVerb, attributes);
}

template <Verb kVerb>
ParsedLine parse_bare(Words& words, const ParseRules&) {
  Token extra;
  if (words.next(extra)) return form_fault(kVerb, ReplyText::SyntaxError, verb_name(kVerb));
  return make_command(kVerb);
}

// NOOP and QUIT ignore arguments, as Postfix does.
template <Verb kVerb>
ParsedLine parse_ignoring_arguments(Words&, const ParseRules&) {
  return make_command(kVerb);
}

struct VerbRule {
  std::string_view name;
  ParsedLine (*parse)(Words& words, const ParseRules& rules);
};

// Postfix's smtpd_cmd_table: every other verb is unknown.
constexpr std::array kVerbRules{
    VerbRule{"HELO", parse_hello<Verb::Helo>},
    VerbRule{"EHLO", parse_hello<Verb::Ehlo>},
    VerbRule{"XCLIENT", parse_attributes<Verb::Xclient>},
    VerbRule{"XFORWARD", parse_attributes<Verb::Xforward>},
    VerbRule{"STARTTLS", parse_bare<Verb::Starttls>},
    VerbRule{"AUTH", parse_auth},
    VerbRule{"MAIL", parse_mail},
    VerbRule{"RCPT", parse_rcpt},
    VerbRule{"DATA", parse_bare<Verb::Data>},
    VerbRule{"BDAT", parse_bdat},
    VerbRule{"RSET", parse_bare<Verb::Rset>},
    VerbRule{"NOOP", parse_ignoring_arguments<Verb::Noop>},
    VerbRule{"VRFY", parse_vrfy},
    VerbRule{"ETRN", parse_etrn},
    VerbRule{"QUIT", parse_ignoring_arguments<Verb::Quit>},
};

// ---- formatting ------------------------------------------------------------------------

void append_number(std::uint64_t value, std::string& out, int base = 10) {
  std::array<char, 24> digits{};
  const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value, base);
  (void)error;  // 24 characters hold any 64-bit number
  for (const char* p = digits.data(); p != end; ++p) out += to_upper(*p);
}

}  // namespace

std::string queue_id_text(std::uint64_t queue_id) {
  std::string out;
  append_number(queue_id, out, 16);
  return out;
}

namespace {

void append_status_prefix(std::uint16_t code, const EnhancedStatus& status, char separator, std::string& out) {
  append_number(code, out);
  out += separator;
  if (status == EnhancedStatus{}) return;
  append_enhanced_status(status, out);
  out += ' ';
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
    if (name == "count") append_number(reply.number, out);
    if (name == "ip") append_ipv4(static_cast<std::uint32_t>(reply.number), out);
    if (name == "prompt") out += kAuthPrompts[std::min<std::uint64_t>(reply.number, kAuthPrompts.size() - 1)];
    wording.remove_prefix(close + 1);
  }
}

// EHLO keywords in Postfix's order, each shown when any of its capability bits is set.
struct EhloKeyword {
  std::uint16_t bits;
  std::string_view keyword;
};
constexpr std::array kEhloKeywords{
    EhloKeyword{kPipelining, "PIPELINING"},
    EhloKeyword{kSize, "SIZE"},
    EhloKeyword{kVrfy, "VRFY"},
    EhloKeyword{kEtrn, "ETRN"},
    EhloKeyword{kAuthPlain | kAuthLogin, "AUTH"},
    EhloKeyword{kEnhancedStatusCodes, "ENHANCEDSTATUSCODES"},
    EhloKeyword{k8BitMime, "8BITMIME"},
    EhloKeyword{kDsn, "DSN"},
    EhloKeyword{kSmtpUtf8, "SMTPUTF8"},
    EhloKeyword{kChunking, "CHUNKING"},
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

ParsedLine parse_command_line(std::string_view line, const ParseRules& rules) {
  line = line.substr(0, line.find('\0'));
  if (rules.smtputf8 && !valid_utf8(line)) return make_reply(ReplyText::BadUtf8);
  Words words(line);
  Token verb;
  if (!words.next(verb)) return make_reply(ReplyText::BadSyntax);
  for (const VerbRule& rule : kVerbRules) {
    if (equal_ignoring_case(verb.text, rule.name)) return rule.parse(words, rules);
  }
  if (looks_like_header(verb.text) || forbidden_verb(verb.text)) return make_reply(ReplyText::NonSmtpCommand);
  return make_reply(ReplyText::CommandUnknown, verb.text);
}

void collapse_arguments(std::string_view words, std::string& out) {
  // One word that no ':' could split (nearly every HELO name) is its own collapsed form.
  if (!words.empty() && std::none_of(words.begin(), words.end(), [](char c) { return is_space(c) || c == ':'; })) {
    out.assign(words);
    return;
  }
  out.clear();
  Words cursor(words);
  for (Token word; cursor.next(word);) {
    if (!out.empty()) out += ' ';
    out += word.text;
  }
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
    case Verb::Bdat:
      out += "BDAT ";
      append_number(command.size, out);
      if (command.last_chunk) out += " LAST";
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
