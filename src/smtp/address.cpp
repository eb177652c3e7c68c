// Postfix's reading of an address, in two steps as in Postfix: smtpd's extract_addr (the token
// level: brackets, spaces, source route, quotes) and trivial-rewrite's resolve_addr (the loop
// that strips local domains and rewrites while routing operators remain). Postfix is lenient
// where RFC 5321 is strict (".alice@", "a..b@", 300-octet local parts): so is this.
#include "smtp/address.h"

#include "smtp/ascii_case.h"
#include "smtp/utf8.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace relaysim::smtp {
namespace {

constexpr std::size_t kMaxDomain = 255;
constexpr std::size_t kMaxLabel = 63;
constexpr std::string_view kRoutingOperators = "@!%";

// What a byte is to the scans that run on every character of every address (a table, not a
// search of a string of such characters per character).
enum CharClass : std::uint8_t {
  kBreaksWords = 1,  // not part of a word or a joining operator to tok822: see joins_to_itself
  kRouting = 2,      // '%' or '!'
  kBracket = 4,      // '[' or ']'
  kAtSign = 8,
  kLetDig = 16,
  kDigit = 32,
  kHyphen = 64,
};

constexpr std::array<std::uint8_t, 256> kCharClasses = [] {
  std::array<std::uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    std::uint8_t k = 0;
    if (c <= ' ' || c >= 0x7F) k |= kBreaksWords;
    if (c >= '0' && c <= '9') k |= kLetDig | kDigit;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k |= kLetDig;
    classes[static_cast<std::size_t>(c)] = k;
  }
  for (const char c : std::string_view("\"(),:;<>[]\\")) classes[static_cast<unsigned char>(c)] |= kBreaksWords;
  classes['%'] |= kRouting;
  classes['!'] |= kRouting;
  classes['['] |= kBracket;
  classes[']'] |= kBracket;
  classes['@'] |= kAtSign;
  classes['-'] |= kHyphen;
  return classes;
}();

std::uint8_t class_of(char c) { return kCharClasses[static_cast<unsigned char>(c)]; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_let_dig(char c) { return is_alpha(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// RFC 5322 atext: a dot-string of these needs no quotes.
bool is_atext(char c) {
  return is_let_dig(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos ||
         static_cast<unsigned char>(c) >= 0x80;  // RFC 6531: UTF-8 in local parts
}

bool is_dot_string(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.' ? text[i + 1] == '.' : !is_atext(text[i])) return false;
  }
  return true;
}

// ---- extract_addr: the token level ----

// RFC 822 tokens as Postfix's tok822_scan makes them: comments are read and dropped (the parser
// moves them out of every address), the rest are words and single-character operators.
struct Token {
  enum class Kind : std::uint8_t { Word, Operator };
  Kind kind = Kind::Word;
  char op = 0;       // an operator's character
  std::string text;  // a word's text, unquoted; an address literal keeps its brackets
};

// tok822_opchar: '%' and '!' are operators because not all the world is RFC 822.
constexpr std::string_view kOperators = "|\"(),.:;<>@[]%!";
bool is_operator(char c) { return kOperators.find(c) != std::string_view::npos; }

// tok822's COLLECT: up to a stop character, a backslash taking the next character as it is
// and white space becoming a space. Returns the index of the stop character (or the end).
template <typename Stop>
std::size_t collect(std::string_view text, std::size_t i, std::string& out, Stop stop) {
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (++i == text.size()) break;
      c = text[i];
    } else if (stop(c)) {
      break;
    }
    out += is_space(c) ? ' ' : c;
  }
  return i;
}

// Skips the comment whose '(' is text[i - 1], nested ones included (tok822_comment).
std::size_t skip_comment(std::string_view text, std::size_t i) {
  for (int depth = 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      if (++i == text.size()) break;
    } else if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return i;
}

std::vector<Token> scan_tokens(std::string_view text) {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i++];
    if (is_space(c)) continue;
    if (c == '(') {
      i = skip_comment(text, i);
      continue;
    }
    Token token;
    if (c == '[' || c == '"') {  // an unclosed one runs to the end; a literal is closed
      const char close = c == '[' ? ']' : '"';
      if (c == '[') token.text += '[';
      i = collect(text, i, token.text, [close](char x) { return x == close; });
      if (i < text.size()) ++i;
      if (c == '[') token.text += ']';
    } else if (c != '\\' && is_operator(c)) {
      token.kind = Token::Kind::Operator;
      token.op = c;
    } else {
      i = collect(text, i - 1, token.text, [](char x) { return is_space(x) || is_operator(x); });
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

bool is_op(const Token& token, std::string_view ops) {
  return token.kind == Token::Kind::Operator && ops.find(token.op) != std::string_view::npos;
}

// The address ranges [first, last) of tok822_parse's tree, which groups the tokens from right
// to left: a <route-addr> is one address (the phrase before it is not), a ',' or a ';' ends one,
// and two words with no operator between them are two addresses ("alice bob").
std::vector<std::pair<std::size_t, std::size_t>> address_ranges(const std::vector<Token>& tokens) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  const auto group = [&ranges](std::size_t first, std::size_t last) {
    if (first < last) ranges.emplace_back(first, last);
  };
  bool word_ok = true;   // tok822 DO_WORD: a word here starts no new address
  bool in_group = false;  // tok822 DO_GROUP: after a ';', a ':' starts a named group
  std::size_t right = tokens.size();
  std::size_t i = tokens.size();  // tokens[i - 1] is the one looked at
  while (i > 0) {
    const Token& token = tokens[i - 1];
    if (is_op(token, ";")) {
      group(i, right);
      right = i - 1;
      in_group = word_ok = true;
    } else if (is_op(token, ":") && in_group) {
      group(i, right);
      while (i > 0 && !is_op(tokens[i - 1], ",")) --i;
      right = i > 0 ? i - 1 : 0;
      continue;
    } else if (is_op(token, ">")) {
      group(i, right);
      right = i - 1;
      while (i > 0 && !is_op(tokens[i - 1], "<")) --i;
      group(i, right);
      while (i > 0 && !is_op(tokens[i - 1], ">;,:")) --i;
      right = i > 0 ? i - 1 : 0;
      word_ok = true;
      continue;
    } else if (token.kind == Token::Kind::Word) {
      if (!word_ok) {
        group(i, right);
        right = i;
      }
      word_ok = false;
    } else if (is_op(token, ",")) {
      group(i, right);
      right = i - 1;
      word_ok = true;
    } else {
      word_ok = true;
    }
    --i;
  }
  group(0, right);
  return ranges;
}

// ---- resolve_addr: the rewriting loop ----

// The first ':' outside an address literal: where a source route ends.
std::size_t route_end(std::string_view address) {
  bool literal = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    if (address[i] == '[') literal = true;
    if (address[i] == ']') literal = false;
    if (address[i] == ':' && !literal) return i;
  }
  return std::string_view::npos;
}

// The rightmost '@' outside an address literal.
std::size_t last_at(std::string_view address) {
  for (std::size_t i = address.size(); i-- > 0;) {
    if (address[i] == ']') {
      const std::size_t open = address.rfind('[', i);
      if (open == std::string_view::npos) return std::string_view::npos;
      i = open;
    } else if (address[i] == '@') {
      return i;
    }
  }
  return std::string_view::npos;
}

bool has_routing(std::string_view address, const AddressOptions& options) {
  return last_at(address) != std::string_view::npos ||
         (options.swap_bangpath && address.find('!') != std::string_view::npos) ||
         (options.allow_percent_hack && address.find('%') != std::string_view::npos);
}

// "a.example." -> "a.example", but not "a..", "a@." (Postfix leaves bogus forms alone).
void strip_trailing_dot(std::string& address) {
  if (address.size() < 2 || address.back() != '.' || last_at(address) == std::string::npos) return;
  const char before = address[address.size() - 2];
  if (before != '.' && before != '@') address.pop_back();
}

// trivial-rewrite's rewrite_tree for an address whose local domain was just stripped: a source
// route is dropped; without an '@', site!user becomes user@site (at the first '!'), else
// user%site becomes user@site (at the rightmost '%').
void rewrite_once(std::string& address, const AddressOptions& options) {
  if (address.size() > 1 && address.front() == '@') {
    const std::size_t colon = route_end(address);
    if (colon != std::string::npos && colon + 1 < address.size()) address.erase(0, colon + 1);
  }
  if (last_at(address) != std::string::npos) return;
  if (const std::size_t bang = address.find('!'); options.swap_bangpath && bang != std::string::npos) {
    address = address.substr(bang + 1) + "@" + address.substr(0, bang);
  } else if (const std::size_t percent = address.rfind('%'); options.allow_percent_hack && percent != std::string::npos) {
    address[percent] = '@';
  }
}

bool is_ipv4(std::string_view text) {
  int octets = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = std::min(text.find('.', start), text.size());
    const std::string_view part = text.substr(start, dot - start);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), is_digit)) return false;
    int value = 0;
    for (char c : part) value = value * 10 + (c - '0');
    if (value > 255) return false;
    ++octets;
    if (dot == text.size()) return octets == 4;
    start = dot + 1;
  }
}

bool is_ipv6(std::string_view text) {
  return std::count(text.begin(), text.end(), ':') >= 2 && text.size() <= 45 &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return is_digit(c) || (to_lower(c) >= 'a' && to_lower(c) <= 'f') || c == ':' || c == '.';
         });
}

// Postfix valid_mailhost_literal: [IPv4] or [IPv6:address].
bool is_mailhost_literal(std::string_view text) {
  if (text.size() < 3 || text.front() != '[' || text.back() != ']') return false;
  const std::string_view inside = text.substr(1, text.size() - 2);
  if (inside.size() > 5 && lowercase(inside.substr(0, 5)) == "ipv6:") return is_ipv6(inside.substr(5));
  return is_ipv4(inside);
}

// Postfix valid_hostname: labels of letters, digits and inner hyphens, 1 to 63 octets, at most
// 255 in all, and not all digits (that is an IP address written without brackets).
bool is_hostname(std::string_view text) {
  if (text.empty() || text.size() > kMaxDomain) return false;
  // A label ends at a '.' or at the end; it is 1 to 63 letters, digits and inner hyphens.
  const auto label_ok = [&](std::size_t from, std::size_t to) {
    return to > from && to - from <= kMaxLabel && text[from] != '-' && text[to - 1] != '-';
  };
  std::uint8_t all = 0xff;  // the classes every character shares: kDigit stays only if all are digits
  std::size_t label = 0;    // where the label being read starts
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::uint8_t k = class_of(text[i]);
    if ((k & (kLetDig | kHyphen)) != 0) {
      all &= k;
      continue;
    }
    if (text[i] != '.' || !label_ok(label, i)) return false;
    label = i + 1;
  }
  // A hyphen counts as a letter: only all digits (and dots) is an address, not a name.
  return label_ok(label, text.size()) && (all & kDigit) == 0;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char c = decode_utf8(text, i);
    if (c.length == 0) return false;
    i += c.length;
  }
  return true;
}

}  // namespace

std::string_view inside_brackets(std::string_view word) {
  if (word.size() >= 2 && word.front() == '<' && word.back() == '>') return word.substr(1, word.size() - 2);
  return word;
}

namespace {

// True when every character is printable ASCII that tok822 reads as part of a word or as an
// operator that joins words ('@', '.', '%', '!'...): no space, quote, comment, bracket,
// backslash or separator. Such a text is one address whose tokens joined again are the text
// itself, which is what nearly every simulated address is.
bool joins_to_itself(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) { return (class_of(c) & kBreaksWords) != 0; });
}

}  // namespace

std::optional<std::string> extract_address(std::string_view text) {
  if (joins_to_itself(text)) return std::string(text);
  // A line break or NUL inside an address, quoted or not, would break the next hop's command
  // line; bytes that are not UTF-8 never reach it in Postfix (smtputf8: "bad UTF-8 syntax").
  const auto control = [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F; };
  if (std::any_of(text.begin(), text.end(), control) || !is_valid_utf8(text)) return std::nullopt;
  // A source route "@a,@b:" says where to go first: smtpd drops it, up to the first ':'
  // (RFC 5321 4.1.1.3), before the address is parsed.
  if (const std::size_t colon = text.find(':'); !text.empty() && text.front() == '@' && colon != std::string_view::npos) {
    text.remove_prefix(colon + 1);
  }
  const std::vector<Token> tokens = scan_tokens(text);
  const auto ranges = address_ranges(tokens);
  if (ranges.size() > 1) return std::nullopt;
  // tok822_internalize: the address's tokens side by side, quotes gone.
  std::string out;
  if (ranges.empty()) return out;
  for (std::size_t i = ranges.front().first; i < ranges.front().second; ++i) {
    if (tokens[i].kind == Token::Kind::Operator) {
      out += tokens[i].op;
    } else {
      out += tokens[i].text;
    }
  }
  return out;
}

namespace {

// What keeps an internal-form address from being plain (see plain_at); a command's text must
// also join to itself, so that it is its own internal form (see joins_to_itself).
constexpr std::uint8_t kNotPlainInternal = kRouting | kBracket;
constexpr std::uint8_t kNotPlainText = kNotPlainInternal | kBreaksWords;

// The position of the '@' in local-part@domain with no other routing operator, no address
// literal and no trailing dot: the form nearly every address takes, which no rewriting changes
// (its domain is stripped if local and put back, and nothing is left to route); npos otherwise,
// or when a character of a class in `refused` occurs. One scan, as it runs on every address.
std::size_t plain_at(std::string_view internal, std::uint8_t refused) {
  std::size_t at = std::string_view::npos;
  for (std::size_t i = 0; i < internal.size(); ++i) {
    const std::uint8_t k = class_of(internal[i]);
    if ((k & refused) != 0) return std::string_view::npos;
    if ((k & kAtSign) == 0) continue;
    if (at != std::string_view::npos) return std::string_view::npos;
    at = i;
  }
  const bool plain = at != std::string_view::npos && at > 0 && at + 1 < internal.size() && internal.back() != '.';
  return plain ? at : std::string_view::npos;
}

// A plain address (its '@' at `at`) as the rewriting rounds of resolve_internal would leave
// it, without their copies.
std::optional<ResolvedAddress> resolve_plain(std::string_view address, std::size_t at, const LocalDomains& local) {
  if (!is_hostname(address.substr(at + 1))) return std::nullopt;
  ResolvedAddress resolved;
  resolved.domain = lowercase(address.substr(at + 1));
  resolved.local = local.is_local(resolved.domain);
  resolved.local_part = address.substr(0, at);
  return resolved;
}

}  // namespace

std::optional<ResolvedAddress> resolve_internal(std::string_view internal, const LocalDomains& local,
                                                std::string_view myhostname, const AddressOptions& options) {
  ResolvedAddress resolved;
  if (internal.empty()) {
    resolved.null_sender = true;
    return resolved;
  }
  if (const std::size_t at = plain_at(internal, kNotPlainInternal); at != std::string_view::npos) {
    return resolve_plain(internal, at, local);
  }
  std::string address(internal);
  std::string saved_domain;  // "@domain" of the last local domain stripped
  bool remote = false;
  // Each round strips a domain or rewrites one operator; Postfix bounds it the same way.
  for (std::size_t round = 0, rounds = address.size() + 100; round < rounds; ++round) {
    strip_trailing_dot(address);
    if (const std::size_t at = last_at(address); at != std::string::npos) {
      const std::string domain = lowercase(std::string_view(address).substr(at + 1));
      if (!domain.empty() && !local.is_local(domain)) {
        remote = true;
        break;
      }
      saved_domain = address.substr(at);
      address.erase(at);
    }
    if (!has_routing(address, options)) break;
    rewrite_once(address, options);
  }
  if (!remote) {
    // An empty local part is the local MAILER-DAEMON, as in Postfix's own From: headers.
    if (address.empty()) address = "MAILER-DAEMON";
    address += saved_domain.empty() ? "@" + std::string(myhostname) : saved_domain;
  }
  const std::size_t at = last_at(address);
  const std::string_view domain = std::string_view(address).substr(at + 1);
  const bool literal = !domain.empty() && domain.front() == '[';
  if (literal ? !is_mailhost_literal(domain) : !is_hostname(domain)) return std::nullopt;
  // Routed: the first operator is not the '@' before the final domain (Postfix checks this
  // whatever its own swap_bangpath and percent settings, for the next hop's sake).
  const std::size_t first_operator = address.find_first_of(kRoutingOperators);
  resolved.sender_routed = std::string_view(address).substr(first_operator + 1) != domain;
  resolved.local_part = address.substr(0, at);
  resolved.domain = lowercase(domain);
  resolved.domain_literal = literal;
  resolved.local = !remote;
  return resolved;
}

std::optional<ResolvedAddress> resolve_address(std::string_view text, const LocalDomains& local,
                                               std::string_view myhostname, const AddressOptions& options) {
  // A plain text is its own internal form; so is any that joins to itself (extract_address
  // would return a copy of it).
  if (const std::size_t at = plain_at(text, kNotPlainText); at != std::string_view::npos) {
    return resolve_plain(text, at, local);
  }
  if (joins_to_itself(text)) return resolve_internal(text, local, myhostname, options);
  const auto internal = extract_address(text);
  if (!internal) return std::nullopt;
  return resolve_internal(*internal, local, myhostname, options);
}

std::optional<ResolvedAddress> resolve_address(std::string_view text) {
  static constexpr std::string_view kNoHostname = "localhost";
  return resolve_address(text, NoLocalDomains{}, kNoHostname);
}

AddressSyntax address_syntax(std::string_view text) {
  if (const std::size_t at = plain_at(text, kNotPlainText); at != std::string_view::npos) {
    return is_hostname(text.substr(at + 1)) ? AddressSyntax::Valid : AddressSyntax::Invalid;
  }
  const auto resolved = resolve_address(text);
  return !resolved ? AddressSyntax::Invalid : resolved->null_sender ? AddressSyntax::NullPath : AddressSyntax::Valid;
}

void write_canonical_address(const ResolvedAddress& address, std::string& text) {
  text.clear();
  if (address.null_sender) return;
  if (is_dot_string(address.local_part)) {
    text = address.local_part;
  } else {
    text += '"';
    for (char c : address.local_part) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  if (!address.domain.empty()) {
    text += '@';
    text += address.domain;
  }
}

std::string canonical_address(const ResolvedAddress& address) {
  std::string text;
  write_canonical_address(address, text);
  return text;
}

}  // namespace relaysim::smtp
