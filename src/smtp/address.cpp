// RFC 5321 path parsing and Postfix-style address resolution (trivial-rewrite's view):
// syntax first, then the bang-path and percent rewrites, then the sender-routing check.
#include "smtp/address.h"

#include <algorithm>
#include <cstddef>

namespace relaysim::smtp {
namespace {

// RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets.
constexpr std::size_t kMaxPathInsideBrackets = 256 - 2;
constexpr std::size_t kMaxDomain = 255;
constexpr std::size_t kMaxLabel = 63;
constexpr std::string_view kRoutingOperators = "@%!";

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_let_dig(char c) { return is_alpha(c) || is_digit(c); }

// RFC 5322 atext: the characters of an unquoted local-part atom.
bool is_atext(char c) {
  return is_let_dig(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// RFC 5321 qtextSMTP and the quoted-pair payload are printable ASCII.
bool is_printable(char c) { return c >= 32 && c <= 126; }

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Atoms of `allowed` characters separated by single `separators` ("a.b", not ".a" or "a..b").
template <typename Allowed>
bool is_separated_atoms(std::string_view text, std::string_view separators, Allowed allowed) {
  if (text.empty()) return false;
  bool atom_empty = true;
  for (char c : text) {
    if (separators.find(c) != std::string_view::npos) {
      if (atom_empty) return false;
      atom_empty = true;
    } else if (allowed(c)) {
      atom_empty = false;
    } else {
      return false;
    }
  }
  return !atom_empty;
}

bool is_dot_string(std::string_view text) { return is_separated_atoms(text, ".", is_atext); }

// RFC 5321 Domain: labels of letters, digits and inner hyphens, 1-63 octets each.
bool is_domain(std::string_view text) {
  if (text.empty() || text.size() > kMaxDomain) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = std::min(text.find('.', start), text.size());
    const std::string_view label = text.substr(start, dot - start);
    if (label.empty() || label.size() > kMaxLabel) return false;
    if (!is_let_dig(label.front()) || !is_let_dig(label.back())) return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_let_dig(c) || c == '-'; })) {
      return false;
    }
    if (dot == text.size()) return true;
    start = dot + 1;
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

// RFC 5321 4.1.3 address-literal: IPv4, "IPv6:..." or a General-address-literal "tag:content".
bool is_address_literal(std::string_view text) {
  if (text.size() < 3 || text.front() != '[' || text.back() != ']') return false;
  const std::string_view inside = text.substr(1, text.size() - 2);
  if (is_ipv4(inside)) return true;
  const std::size_t colon = inside.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view tag = inside.substr(0, colon);
  const std::string_view content = inside.substr(colon + 1);
  if (!std::all_of(tag.begin(), tag.end(), [](char c) { return is_let_dig(c) || c == '-'; })) return false;
  if (content.empty()) return false;
  const bool ipv6 = tag.size() == 4 && to_lower(tag[0]) == 'i' && to_lower(tag[1]) == 'p' &&
                    to_lower(tag[2]) == 'v' && tag[3] == '6';
  if (ipv6) {
    return std::count(content.begin(), content.end(), ':') >= 2 &&
           std::all_of(content.begin(), content.end(), [](char c) {
             return is_digit(c) || (to_lower(c) >= 'a' && to_lower(c) <= 'f') || c == ':' || c == '.';
           });
  }
  // dcontent: printable ASCII except '[', '\' and ']'.
  return std::all_of(content.begin(), content.end(),
                     [](char c) { return is_printable(c) && c != ' ' && c != '[' && c != '\\' && c != ']'; });
}

// Strips an RFC 5321 A-d-l ("@a,@b:") after checking each hop is a domain. Returns false on bad syntax.
bool strip_source_route(std::string_view& path) {
  if (path.empty() || path.front() != '@') return true;
  const std::size_t colon = path.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view route = path.substr(0, colon);
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(route.find(',', start), route.size());
    const std::string_view hop = route.substr(start, comma - start);
    if (hop.size() < 2 || hop.front() != '@' || !is_domain(hop.substr(1))) return false;
    if (comma == route.size()) break;
    start = comma + 1;
  }
  path.remove_prefix(colon + 1);
  return true;
}

// A Quoted-string at the start of `path`: appends its dequoted content to `local` and returns
// the length consumed, or 0 when the quotes do not balance or a character is not allowed.
std::size_t parse_quoted_local_part(std::string_view path, std::string& local) {
  for (std::size_t i = 1; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '"') return i + 1;
    if (c == '\\') {
      if (i + 1 >= path.size() || !is_printable(path[i + 1])) return 0;
      local += path[++i];
    } else if (is_printable(c)) {
      local += c;
    } else {
      return 0;
    }
  }
  return 0;
}

// Postfix splits an unquoted "user@other@relay" at the last '@' (its RFC 822 parser is
// lenient), so '@' may appear between atoms here; the result is then sender-routed.
bool is_lenient_unquoted_local_part(std::string_view text) { return is_separated_atoms(text, ".@", is_atext); }

// Splits the mailbox into local part and domain, checking both. Returns false on bad syntax.
bool parse_mailbox(std::string_view path, ResolvedAddress& out) {
  std::string_view rest;
  if (path.front() == '"') {
    const std::size_t consumed = parse_quoted_local_part(path, out.local_part);
    if (consumed == 0) return false;
    rest = path.substr(consumed);
    if (!rest.empty() && rest.front() != '@') return false;
  } else {
    const std::size_t at = path.rfind('@');
    const std::string_view local = path.substr(0, at == std::string_view::npos ? path.size() : at);
    if (!is_lenient_unquoted_local_part(local)) return false;
    out.local_part = local;
    rest = path.substr(local.size());
  }
  if (rest.empty()) return true;  // a bare local part: this server's own domain
  const std::string_view domain = rest.substr(1);
  if (domain.empty()) return false;
  if (domain.front() == '[') {
    if (!is_address_literal(domain)) return false;
    out.domain = domain;
    out.domain_literal = true;
    return true;
  }
  if (!is_domain(domain)) return false;
  out.domain.resize(domain.size());
  std::transform(domain.begin(), domain.end(), out.domain.begin(), to_lower);
  return true;
}

// Moves "user" and "site" of a local part split at `pos` into the address, when `site` is a domain.
bool move_site_to_domain(ResolvedAddress& address, std::string_view user, std::string_view site) {
  if (user.empty() || !is_domain(site)) return false;
  address.domain.resize(site.size());
  std::transform(site.begin(), site.end(), address.domain.begin(), to_lower);
  address.local_part = std::string(user);
  return true;
}

// Postfix rewrites only addresses without a domain: "site!user" first, else "user%site"
// at the rightmost '%'. What remains of '!' or '%' stays in the local part.
void rewrite_routing_operators(ResolvedAddress& address, const AddressOptions& options) {
  if (!address.domain.empty()) return;
  const std::string local = address.local_part;
  const std::string_view view = local;
  if (options.swap_bangpath) {
    const std::size_t bang = view.find('!');
    if (bang != std::string_view::npos && move_site_to_domain(address, view.substr(bang + 1), view.substr(0, bang))) {
      return;
    }
  }
  if (options.allow_percent_hack) {
    const std::size_t percent = view.rfind('%');
    if (percent != std::string_view::npos) {
      move_site_to_domain(address, view.substr(0, percent), view.substr(percent + 1));
    }
  }
}

}  // namespace

std::optional<ResolvedAddress> resolve_address(std::string_view path, const AddressOptions& options) {
  ResolvedAddress address;
  if (path.size() > kMaxPathInsideBrackets) return std::nullopt;
  if (path.empty()) {
    address.null_sender = true;
    return address;
  }
  if (!strip_source_route(path) || path.empty()) return std::nullopt;
  if (!parse_mailbox(path, address)) return std::nullopt;
  rewrite_routing_operators(address, options);
  address.sender_routed = address.local_part.find_first_of(kRoutingOperators) != std::string::npos;
  return address;
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
