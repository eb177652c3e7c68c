// Mail addresses as Postfix reads them: smtpd's extract_addr (brackets, white space, a source
// route and quotes dropped) and trivial-rewrite's resolve_addr (local domains stripped, bang
// paths and the % hack rewritten, again while routing operators remain, and sender routing seen).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relaysim::smtp {

// The domains a server delivers to itself (Postfix's mydestination, its own address literals).
class LocalDomains {
 public:
  virtual ~LocalDomains() = default;
  // `domain` is lower-case, without a trailing dot; an address literal keeps its brackets.
  virtual bool is_local(std::string_view domain) const = 0;
};

// A server that delivers nothing itself: how a client sees an address.
class NoLocalDomains final : public LocalDomains {
 public:
  bool is_local(std::string_view) const override { return false; }
};

struct AddressOptions {
  bool swap_bangpath = true;       // Postfix swap_bangpath: site!user is user@site
  bool allow_percent_hack = true;  // Postfix allow_percent_hack: user%site is user@site
};

// The text of a MAIL FROM:, RCPT TO: or VRFY argument inside its angle brackets: smtpd's
// extract_addr drops a first '<' and a last '>' ("<a>b@c>" is "a>b@c"), whatever is between.
std::string_view inside_brackets(std::string_view word);

// The address in the text of MAIL FROM:/RCPT TO:/VRFY (what is inside the outer angle
// brackets), in Postfix's internal form, as smtpd's extract_addr finds it with tok822_parse: a
// source route ("@a,@[192.0.2.1]:") dropped, comments dropped, quoted strings unquoted, tokens
// joined without white space; of "Alice Smith <alice@example.org>" the <route-addr>; an unclosed
// address literal is closed. This is also the form Postfix quotes in its replies. nullopt when
// the text holds more than one address ("alice bob", "a@b, c@d") or a control character.
std::optional<std::string> extract_address(std::string_view text);

struct ResolvedAddress {
  std::string local_part;  // unquoted; "MAILER-DAEMON" for an empty one
  std::string domain;      // lower-case; "[192.0.2.1]" for an address literal
  bool domain_literal = false;
  // Every domain in the address was the server's own: it delivers the mail itself.
  bool local = false;
  // After all rewriting, '@', '%' or '!' remain before the domain: the client asks the server to
  // route the mail on (Postfix RESOLVE_FLAG_ROUTED). Not an authorized destination unless
  // allow_untrusted_routing = yes.
  bool sender_routed = false;
  bool null_sender = false;  // the empty path <>
};

// trivial-rewrite's resolve_addr on an address in internal form. `myhostname` qualifies an
// address that is left without a domain. nullopt when the final domain is neither a host name
// nor an address literal (Postfix RESOLVE_FLAG_ERROR: 501 5.1.3 / 5.1.7).
std::optional<ResolvedAddress> resolve_internal(std::string_view internal, const LocalDomains& local,
                                                std::string_view myhostname, const AddressOptions& options = {});

// Both steps on the text of MAIL FROM:/RCPT TO:. The empty text is the null sender.
std::optional<ResolvedAddress> resolve_address(std::string_view text, const LocalDomains& local,
                                               std::string_view myhostname, const AddressOptions& options = {});
// As a client (or a server that delivers nothing itself) sees the address.
std::optional<ResolvedAddress> resolve_address(std::string_view text);

// What smtpd's syntax check makes of the text of MAIL FROM:/RCPT TO: (resolve_address as a
// client sees it), without building the address: most texts are user@host and need no copy.
enum class AddressSyntax : std::uint8_t { Invalid, NullPath, Valid };
AddressSyntax address_syntax(std::string_view text);

// "user@domain" (the form an MTA hands to the next hop), quoting the local part when needed.
std::string canonical_address(const ResolvedAddress& address);
// The same into `text`, replacing what it held: a caller that keeps the string allocates nothing.
void write_canonical_address(const ResolvedAddress& address, std::string& text);

}  // namespace relaysim::smtp
