// Mail addresses as Postfix resolves them: source routes stripped, `site!user` and
// `user%domain` rewritten, quoted local parts dequoted, and sender routing detected.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace relaysim::smtp {

struct ResolvedAddress {
  std::string local_part;   // dequoted
  std::string domain;       // lower-cased; "[192.0.2.1]" for a domain literal; empty for a bare local part
  bool domain_literal = false;
  // After rewriting, the local part still holds '@', '%' or '!': the client asks this server
  // to route the mail onward itself. Not an authorized destination unless the MTA allows
  // untrusted routing (Postfix allow_untrusted_routing=no).
  bool sender_routed = false;
  bool null_sender = false;  // the empty path <>
};

struct AddressOptions {
  bool swap_bangpath = true;       // Postfix swap_bangpath
  bool allow_percent_hack = true;  // Postfix allow_percent_hack
};

// Parses the text inside < > of MAIL FROM / RCPT TO (e.g. "@a,@b:user@dom", "\"a@b\"@relay",
// "user@[192.0.2.1]") and resolves it. Returns nullopt on a syntax error (RFC 5321 grammar).
std::optional<ResolvedAddress> resolve_address(std::string_view path, const AddressOptions& options = {});

// "user@domain" (the canonical form an MTA forwards), quoting the local part when needed.
std::string canonical_address(const ResolvedAddress& address);

}  // namespace relaysim::smtp
