// Postfix's reading of an address, in two steps as in Postfix: smtpd's extract_addr (the token
// level: brackets, spaces, source route, quotes) and trivial-rewrite's resolve_addr (the loop
// that strips local domains and rewrites while routing operators remain). Postfix is lenient
// where RFC 5321 is strict (".alice@", "a..b@", 300-octet local parts): so is this.
#include "smtp/address.h"

#include "smtp/utf8.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace relaysim::smtp {
namespace {

constexpr std::size_t kMaxDomain = 255;
constexpr std::size_t kMaxLabel = 63;
constexpr std::string_view kRoutingOperators = "@!%";
// RFC 822 specials: white space next to them separates nothing ("alice @ example.org").
constexpr std::string_view kSpecials = "()<>@,;:\\\".[]";

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_let_dig(char c) { return is_alpha(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_special(char c) { return kSpecials.find(c) != std::string_view::npos; }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), to_lower);
  return out;
}

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

// Reads the quoted string starting at text[i] (a '"') into `out`, unquoted; returns the index
// after it (an unclosed one runs to the end, as tok822 reads it).
std::size_t read_quoted(std::string_view text, std::size_t i, std::string& out) {
  for (++i; i < text.size() && text[i] != '"'; ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
  }
  return i < text.size() ? i + 1 : i;
}

// Copies the address literal starting at text[i] (a '['), closing it if it is not.
std::size_t read_literal(std::string_view text, std::size_t i, std::string& out) {
  const std::size_t close = text.find(']', i);
  const std::size_t end = close == std::string_view::npos ? text.size() : close + 1;
  out.append(text.substr(i, end - i));
  if (close == std::string_view::npos) out += ']';
  return end;
}

// Skips an RFC 822 comment "(...)" starting at text[i], nested ones included.
std::size_t skip_comment(std::string_view text, std::size_t i) {
  int depth = 0;
  for (; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return i;
}

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

// ---- resolve_addr: the rewriting loop ----

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
  if (inside.size() > 5 && lower(inside.substr(0, 5)) == "ipv6:") return is_ipv6(inside.substr(5));
  return is_ipv4(inside);
}

// Postfix valid_hostname: labels of letters, digits and inner hyphens, 1 to 63 octets, at most
// 255 in all, and not all digits (that is an IP address written without brackets).
bool is_hostname(std::string_view text) {
  if (text.empty() || text.size() > kMaxDomain) return false;
  bool any_letter = false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = std::min(text.find('.', start), text.size());
    const std::string_view label = text.substr(start, dot - start);
    if (label.empty() || label.size() > kMaxLabel) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!is_let_dig(c) && c != '-') return false;
      any_letter = any_letter || !is_digit(c);
    }
    if (dot == text.size()) return any_letter;
    start = dot + 1;
  }
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

std::optional<std::string> extract_address(std::string_view text) {
  // A line break or NUL inside an address, quoted or not, would break the next hop's command
  // line; bytes that are not UTF-8 never reach it in Postfix (smtputf8: "bad UTF-8 syntax").
  const auto control = [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F; };
  if (std::any_of(text.begin(), text.end(), control) || !is_valid_utf8(text)) return std::nullopt;
  std::string out;
  bool space = false;       // white space since the last token
  bool after_word = false;  // the last token was a word (not a special)
  // Where unquoted ',' and ':' fell in `out`: a source route ends at the first ':', and a ','
  // after it separates two addresses.
  std::vector<std::size_t> commas;
  std::size_t first_colon = std::string::npos;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (is_space(c)) {
      space = true;
      ++i;
      continue;
    }
    if (c == '(') {
      i = skip_comment(text, i);
      continue;
    }
    if (c == '<' || c == '>') {  // route-addr brackets, nested or not, delimit nothing here
      ++i;
      continue;
    }
    const bool word = !is_special(c) || c == '"' || c == '[' || c == '\\';
    // Two words with only white space between them are two addresses ("alice bob").
    if (space && after_word && word) return std::nullopt;
    space = false;
    after_word = word;
    if (c == '"') {
      i = read_quoted(text, i, out);
      continue;
    }
    if (c == '[') {
      i = read_literal(text, i, out);
      continue;
    }
    if (c == ',') commas.push_back(out.size());
    if (c == ':' && first_colon == std::string::npos) first_colon = out.size();
    if (c == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
    ++i;
  }
  // A source route "@a,@b:" says where to go first: Postfix ignores it (RFC 5321 4.1.1.3).
  const bool route = out.size() > 1 && out.front() == '@' && first_colon != std::string::npos;
  const std::size_t mailbox = route ? first_colon + 1 : 0;
  if (std::any_of(commas.begin(), commas.end(), [mailbox](std::size_t at) { return at >= mailbox; })) return std::nullopt;
  return out.substr(mailbox);
}

std::optional<ResolvedAddress> resolve_internal(std::string_view internal, const LocalDomains& local,
                                                std::string_view myhostname, const AddressOptions& options) {
  ResolvedAddress resolved;
  if (internal.empty()) {
    resolved.null_sender = true;
    return resolved;
  }
  std::string address(internal);
  std::string saved_domain;  // "@domain" of the last local domain stripped
  bool remote = false;
  // Each round strips a domain or rewrites one operator; Postfix bounds it the same way.
  for (std::size_t round = 0, rounds = address.size() + 100; round < rounds; ++round) {
    strip_trailing_dot(address);
    if (const std::size_t at = last_at(address); at != std::string::npos) {
      const std::string domain = lower(std::string_view(address).substr(at + 1));
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
  resolved.domain = lower(domain);
  resolved.domain_literal = literal;
  resolved.local = !remote;
  return resolved;
}

std::optional<ResolvedAddress> resolve_address(std::string_view text, const LocalDomains& local,
                                               std::string_view myhostname, const AddressOptions& options) {
  const auto internal = extract_address(text);
  if (!internal) return std::nullopt;
  return resolve_internal(*internal, local, myhostname, options);
}

std::optional<ResolvedAddress> resolve_address(std::string_view text) {
  static constexpr std::string_view kNoHostname = "localhost";
  return resolve_address(text, NoLocalDomains{}, kNoHostname);
}

std::string canonical_address(const ResolvedAddress& address) {
  if (address.null_sender) return {};
  std::string text;
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
  return text;
}

}  // namespace relaysim::smtp
