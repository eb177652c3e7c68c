// Each address form against what Postfix's smtpd/trivial-rewrite make of it.
#include "smtp/address.h"

#include <catch2/catch.hpp>
#include <string>

using relaysim::smtp::AddressOptions;
using relaysim::smtp::canonical_address;
using relaysim::smtp::resolve_address;
using relaysim::smtp::ResolvedAddress;

namespace {

ResolvedAddress must_resolve(std::string_view path, const AddressOptions& options = {}) {
  auto resolved = resolve_address(path, options);
  INFO("path: " << path);
  REQUIRE(resolved.has_value());
  return *resolved;
}

}  // namespace

TEST_CASE("The empty path is the null sender", "[address]") {
  const auto address = must_resolve("");
  CHECK(address.null_sender);
  CHECK(address.local_part.empty());
  CHECK(address.domain.empty());
  CHECK(canonical_address(address).empty());
}

TEST_CASE("A plain address keeps its local part's case and lower-cases the domain", "[address]") {
  const auto address = must_resolve("USER@Example.COM");
  CHECK(address.local_part == "USER");
  CHECK(address.domain == "example.com");
  CHECK_FALSE(address.sender_routed);
  CHECK_FALSE(address.domain_literal);
  CHECK_FALSE(address.null_sender);
  CHECK(canonical_address(address) == "USER@example.com");
}

TEST_CASE("A source route is stripped to the final mailbox", "[address]") {
  const auto one_hop = must_resolve("@relay.example:user@victim.example");
  CHECK(one_hop.local_part == "user");
  CHECK(one_hop.domain == "victim.example");
  CHECK_FALSE(one_hop.sender_routed);

  const auto two_hops = must_resolve("@a.example,@b.example:user@victim.example");
  CHECK(canonical_address(two_hops) == "user@victim.example");
  CHECK_FALSE(two_hops.sender_routed);
}

TEST_CASE("A malformed source route is a syntax error", "[address]") {
  for (const char* path : {"@relay.example", "@relay.example:", "@:user@x.example", "@relay.example,:user@x.example",
                           "@relay.example,b.example:user@x.example", "@[192.0.2.1]:user@x.example"}) {
    INFO(path);
    CHECK_FALSE(resolve_address(path).has_value());
  }
}

TEST_CASE("A percent hack with a domain is sender-routed and stays at the relay's domain", "[address]") {
  const auto address = must_resolve("user%victim.example@relay.example");
  CHECK(address.local_part == "user%victim.example");
  CHECK(address.domain == "relay.example");
  CHECK(address.sender_routed);
  CHECK(canonical_address(address) == "user%victim.example@relay.example");
}

TEST_CASE("A bang path with a domain is sender-routed and stays at the relay's domain", "[address]") {
  const auto address = must_resolve("other.example!user@relay.example");
  CHECK(address.local_part == "other.example!user");
  CHECK(address.domain == "relay.example");
  CHECK(address.sender_routed);
}

TEST_CASE("A bang path without a domain becomes user@site (swap_bangpath)", "[address]") {
  const auto address = must_resolve("victim.example!user");
  CHECK(address.local_part == "user");
  CHECK(address.domain == "victim.example");
  CHECK_FALSE(address.sender_routed);

  SECTION("a longer bang path swaps its first hop only and stays routed") {
    const auto chained = must_resolve("a.example!b.example!user");
    CHECK(chained.local_part == "b.example!user");
    CHECK(chained.domain == "a.example");
    CHECK(chained.sender_routed);
  }
  SECTION("with swap_bangpath=no the address is left alone and flagged") {
    AddressOptions options;
    options.swap_bangpath = false;
    const auto kept = must_resolve("victim.example!user", options);
    CHECK(kept.local_part == "victim.example!user");
    CHECK(kept.domain.empty());
    CHECK(kept.sender_routed);
  }
}

TEST_CASE("A percent hack without a domain becomes user@domain at the rightmost percent", "[address]") {
  const auto address = must_resolve("user%victim.example");
  CHECK(address.local_part == "user");
  CHECK(address.domain == "victim.example");
  CHECK_FALSE(address.sender_routed);

  SECTION("two percents: the rightmost one is rewritten, the other routes onward") {
    const auto chained = must_resolve("user%a.example%b.example");
    CHECK(chained.local_part == "user%a.example");
    CHECK(chained.domain == "b.example");
    CHECK(chained.sender_routed);
  }
  SECTION("with allow_percent_hack=no the address is left alone and flagged") {
    AddressOptions options;
    options.allow_percent_hack = false;
    const auto kept = must_resolve("user%victim.example", options);
    CHECK(kept.local_part == "user%victim.example");
    CHECK(kept.domain.empty());
    CHECK(kept.sender_routed);
  }
}

TEST_CASE("The bang path is swapped before the percent hack is considered", "[address]") {
  const auto address = must_resolve("site.example!user%other.example");
  CHECK(address.local_part == "user%other.example");
  CHECK(address.domain == "site.example");
  CHECK(address.sender_routed);
}

TEST_CASE("A quoted local part is dequoted", "[address]") {
  const auto spaced = must_resolve("\"a b\"@dom.example");
  CHECK(spaced.local_part == "a b");
  CHECK(spaced.domain == "dom.example");
  CHECK_FALSE(spaced.sender_routed);
  CHECK(canonical_address(spaced) == "\"a b\"@dom.example");

  const auto escaped = must_resolve(R"("a\"b\\c"@dom.example)");
  CHECK(escaped.local_part == R"(a"b\c)");
  CHECK(canonical_address(escaped) == R"("a\"b\\c"@dom.example)");

  const auto needless = must_resolve("\"user\"@dom.example");
  CHECK(canonical_address(needless) == "user@dom.example");
}

TEST_CASE("A quoted local part holding an address is caught as sender-routed", "[address]") {
  const auto address = must_resolve("\"user@victim.example\"@relay.example");
  CHECK(address.local_part == "user@victim.example");
  CHECK(address.domain == "relay.example");
  CHECK(address.sender_routed);
  CHECK(canonical_address(address) == "\"user@victim.example\"@relay.example");

  CHECK(must_resolve("\"user%victim.example\"@relay.example").sender_routed);
  CHECK(must_resolve("\"victim.example!user\"@relay.example").sender_routed);
}

TEST_CASE("An unquoted second @ splits at the last one, as Postfix does, and is sender-routed", "[address]") {
  const auto address = must_resolve("user@victim.example@relay.example");
  CHECK(address.local_part == "user@victim.example");
  CHECK(address.domain == "relay.example");
  CHECK(address.sender_routed);
}

TEST_CASE("A domain literal is kept as written and flagged", "[address]") {
  const auto ipv4 = must_resolve("user@[192.0.2.1]");
  CHECK(ipv4.domain == "[192.0.2.1]");
  CHECK(ipv4.domain_literal);
  CHECK_FALSE(ipv4.sender_routed);
  CHECK(canonical_address(ipv4) == "user@[192.0.2.1]");

  const auto ipv6 = must_resolve("user@[IPv6:2001:db8::1]");
  CHECK(ipv6.domain == "[IPv6:2001:db8::1]");
  CHECK(ipv6.domain_literal);

  for (const char* path : {"user@[300.0.2.1]", "user@[192.0.2]", "user@[192.0.2.1", "user@[]", "user@[IPv6:zz::1]",
                           "user@[192.0.2.1]x"}) {
    INFO(path);
    CHECK_FALSE(resolve_address(path).has_value());
  }
}

TEST_CASE("A bare local part has no domain (the server's own)", "[address]") {
  const auto address = must_resolve("postmaster");
  CHECK(address.local_part == "postmaster");
  CHECK(address.domain.empty());
  CHECK_FALSE(address.sender_routed);
  CHECK(canonical_address(address) == "postmaster");
}

TEST_CASE("Syntax errors are refused", "[address]") {
  for (const char* path : {"user@", "@", "user@@relay.example", "a b@x.example", "\"unbalanced@x.example",
                           "\"a\"b@x.example", ".user@x.example", "us..er@x.example", "user.@x.example",
                           "us(er@x.example", "user@-bad.example", "user@bad-.example", "user@exa mple.com",
                           "user@x..example", "user@x.example.", "user@.x.example", "user@under_score.example",
                           "us\ter@x.example", "\"tab\there\"@x.example"}) {
    INFO(path);
    CHECK_FALSE(resolve_address(path).has_value());
  }
}

TEST_CASE("Domain labels may have 63 octets, not 64", "[address]") {
  const std::string label63(63, 'a');
  CHECK(resolve_address("user@" + label63 + ".example").has_value());
  CHECK_FALSE(resolve_address("user@" + label63 + "a.example").has_value());
}

TEST_CASE("A path may have 256 octets with its angle brackets, not more", "[address]") {
  const std::string domain = std::string(60, 'd') + "." + std::string(60, 'd') + "." + std::string(60, 'd') + ".example";
  const std::string at_limit = std::string(254 - domain.size() - 1, 'u') + "@" + domain;
  REQUIRE(at_limit.size() == 254);
  CHECK(resolve_address(at_limit).has_value());
  CHECK_FALSE(resolve_address("u" + at_limit).has_value());
}
