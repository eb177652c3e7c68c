// Each address form against what Postfix 3.7's smtpd and trivial-rewrite make of it (the
// differential test in tests/postfix/ checked these against a running Postfix).
#include "smtp/address.h"

#include <catch2/catch.hpp>
#include <string>

using namespace relaysim::smtp;

namespace {

// mx.campus.example at 192.0.2.10, mydestination = campus.example.
class Campus final : public LocalDomains {
 public:
  bool is_local(std::string_view d) const override {
    return d == "campus.example" || d == "mx.campus.example" || d == "[192.0.2.10]";
  }
};

ResolvedAddress at_campus(std::string_view text, const AddressOptions& options = {}) {
  auto resolved = resolve_address(text, Campus{}, "mx.campus.example", options);
  INFO("address: " << text);
  REQUIRE(resolved.has_value());
  return *resolved;
}

bool refused_at_campus(std::string_view text) { return !resolve_address(text, Campus{}, "mx.campus.example"); }

std::string internal(std::string_view text) { return extract_address(text).value_or("(more than one address)"); }

}  // namespace

TEST_CASE("The empty path is the null sender", "[address]") {
  const auto address = at_campus("");
  CHECK(address.null_sender);
  CHECK(canonical_address(address).empty());
}

TEST_CASE("A plain address keeps its local part's case and lower-cases the domain", "[address]") {
  const auto address = at_campus("USER@Example.COM");
  CHECK(address.local_part == "USER");
  CHECK(address.domain == "example.com");
  CHECK_FALSE(address.local);
  CHECK_FALSE(address.sender_routed);
  CHECK(canonical_address(address) == "USER@example.com");
}

TEST_CASE("An address of words joined by operators is its own internal form, odd ones included", "[address]") {
  for (const char* text : {"alice@example.org", "Alice+tag@Example.ORG", "user%other.example@relay.example",
                           "a!b!c@relay.example", "a..b@example.org", "@example.org", "user@", ".user@example.org.",
                           "x|y@example.org", "postmaster", ""}) {
    CHECK(internal(text) == text);
  }
}

TEST_CASE("smtpd drops brackets, spaces between tokens, comments, quotes and a source route", "[address]") {
  CHECK(internal("alice @campus.example") == "alice@campus.example");
  CHECK(internal("<alice@campus.example>") == "alice@campus.example");
  CHECK(internal("alice(the boss)@campus.example") == "alice@campus.example");
  CHECK(internal("\"some one\"@campus.example") == "some one@campus.example");
  CHECK(internal("\"erin@victim3.example\"@campus.example") == "erin@victim3.example@campus.example");
  CHECK(internal("@relay.example:user@victim.example") == "user@victim.example");
  CHECK(internal("@a.example,@b.example:user@victim.example") == "user@victim.example");
  CHECK(internal("@[192.0.2.10]:grace@victim3.example") == "grace@victim3.example");
  CHECK(internal("@:someone@victim1.example") == "someone@victim1.example");
  CHECK(internal("alice@[192.0.2.10") == "alice@[192.0.2.10]");
  CHECK(internal("alice bob") == "(more than one address)");
  CHECK_FALSE(extract_address("\"a\nQUIT\"@relay.example"));
  CHECK_FALSE(extract_address(std::string("a\0b@relay.example", 17)));
  CHECK_FALSE(extract_address("user\xC0@example.org"));
  CHECK(internal("@mx.campus.example,someone@victim1.example") == "(more than one address)");
  CHECK(internal("alice@campus.example, bob@campus.example") == "(more than one address)");
  CHECK(internal("\"a,b\"@campus.example") == "a,b@campus.example");
}

TEST_CASE("The address is found as tok822_parse finds it in a header: phrases, groups and commas", "[address]") {
  CHECK(internal("Alice  Smith <alice@campus.example>") == "alice@campus.example");
  CHECK(internal("\"Smith, Alice\" <alice@campus.example>") == "alice@campus.example");
  CHECK(internal("A <alice@campus.example> B <bob@campus.example>") == "(more than one address)");
  CHECK(internal("<alice@campus.example> x") == "(more than one address)");
  CHECK(internal("a>b@campus.example") == "(more than one address)");
  CHECK(internal("alice@campus.example,") == "alice@campus.example");
  CHECK(internal(",alice@campus.example") == "alice@campus.example");
  CHECK(internal("team: alice@campus.example;") == "alice@campus.example");
  CHECK(internal("team: alice@campus.example, bob@campus.example;") == "(more than one address)");
  CHECK(internal("a<b@campus.example") == "a<b@campus.example");
  CHECK(internal("a|b@campus.example") == "a|b@campus.example");
  CHECK(internal("someone\\@victim1.example@campus.example") == "someone@victim1.example@campus.example");
  CHECK(internal("\"a\"b@campus.example") == "(more than one address)");
  CHECK(internal("alice@campus.example (Alice)") == "alice@campus.example");
  CHECK(internal("(nobody)").empty());
}

TEST_CASE("A source route, even through an address literal, is ignored: the mailbox decides", "[address]") {
  const auto routed = at_campus("@[192.0.2.10]:grace@victim3.example");
  CHECK(canonical_address(routed) == "grace@victim3.example");
  CHECK_FALSE(routed.local);
  CHECK_FALSE(routed.sender_routed);
  CHECK(at_campus("@[192.0.2.10]:alice@campus.example").local);
}

TEST_CASE("Routing through our own domain to a remote one resolves to that remote mailbox", "[address]") {
  for (const char* text : {"dave%victim2.example@campus.example", "victim2.example!dave@campus.example",
                           "\"dave@victim2.example\"@campus.example", "dave@victim2.example@campus.example"}) {
    const auto address = at_campus(text);
    INFO(text);
    CHECK(canonical_address(address) == "dave@victim2.example");
    CHECK_FALSE(address.local);
    CHECK_FALSE(address.sender_routed);  // remote, so reject_unauth_destination refuses it
  }
}

TEST_CASE("Routing through our own domain back to our own domain is a local user", "[address]") {
  for (const char* text : {"alice%campus.example@campus.example", "campus.example!alice@campus.example",
                           "\"alice@campus.example\"@campus.example", "alice@campus.example@campus.example",
                           "alice%mx.campus.example@[192.0.2.10]"}) {
    const auto address = at_campus(text);
    INFO(text);
    CHECK(address.local);
    CHECK(address.local_part == "alice");
    CHECK_FALSE(address.sender_routed);
  }
}

TEST_CASE("Operators left before a remote domain are sender routing", "[address]") {
  const auto percent = at_campus("user%victim.example@relay.example");
  CHECK(percent.local_part == "user%victim.example");
  CHECK(percent.domain == "relay.example");
  CHECK(percent.sender_routed);
  CHECK(at_campus("other.example!user@relay.example").sender_routed);
  CHECK(at_campus("someone@@victim1.example").sender_routed);
  CHECK(canonical_address(at_campus("user@other.example@relay.example")) == "\"user@other.example\"@relay.example");
}

TEST_CASE("Without a domain, site!user is user@site and user%site is user@site at the rightmost %", "[address]") {
  CHECK(canonical_address(at_campus("victim.example!user")) == "user@victim.example");
  CHECK(canonical_address(at_campus("user%a.example%b.example")) == "user%a.example@b.example");
  CHECK(at_campus("user%a.example%b.example").sender_routed);
  const AddressOptions no_hacks{false, false};
  const auto kept = at_campus("user%victim.example", no_hacks);
  CHECK(kept.local);
  CHECK(kept.local_part == "user%victim.example");
  CHECK(kept.sender_routed);  // Postfix flags it whatever its own settings, for the next hop's sake
}

TEST_CASE("A bare local part, an empty one and a trailing dot resolve as Postfix resolves them", "[address]") {
  const auto bare = at_campus("alice");
  CHECK(bare.local);
  CHECK(canonical_address(bare) == "alice@mx.campus.example");
  CHECK(canonical_address(at_campus("\"\"@campus.example")) == "MAILER-DAEMON@campus.example");
  CHECK(canonical_address(at_campus("@campus.example")) == "MAILER-DAEMON@campus.example");
  CHECK(at_campus("alice@campus.example.").local);
  CHECK(canonical_address(at_campus("someone@victim1.example.")) == "someone@victim1.example");
}

TEST_CASE("Postfix is lenient with local parts: odd dots, spaces, 300 octets and UTF-8 pass", "[address]") {
  CHECK(at_campus(".alice@campus.example").local_part == ".alice");
  CHECK(at_campus("a..b@campus.example").local_part == "a..b");
  CHECK(at_campus(std::string(300, 'x') + "@client.example").local_part.size() == 300);
  CHECK(at_campus("jörg@campus.example").local_part == "jörg");
  CHECK(canonical_address(at_campus("\"some one\"@campus.example")) == "\"some one\"@campus.example");
}

TEST_CASE("A domain literal is kept, and one of ours is local", "[address]") {
  const auto ours = at_campus("alice@[192.0.2.10]");
  CHECK(ours.local);
  const auto theirs = at_campus("bob@[198.51.100.5]");
  CHECK(theirs.domain == "[198.51.100.5]");
  CHECK(theirs.domain_literal);
  CHECK_FALSE(theirs.local);
  CHECK(at_campus("bob@[IPv6:2001:db8::1]").domain_literal);
}

TEST_CASE("A final domain that is no host name or literal is an error (501 5.1.3)", "[address]") {
  for (const char* text : {"alice@192.0.2.10", "alice@", "alice@-bad.example", "alice@a..example",
                           "alice@[300.1.1.1]", "alice@[tag:content]", "alice@exa_mple.org"}) {
    INFO(text);
    CHECK(refused_at_campus(text));
  }
  CHECK(refused_at_campus("alice@" + std::string(64, 'a') + ".example"));
  CHECK_FALSE(refused_at_campus("alice@" + std::string(63, 'a') + ".example"));
}

// Labels of 63 letters joined by dots, `size` characters in all (255 at most, Postfix's limit).
static std::string labels_of(std::size_t size) {
  std::string name;
  while (name.size() < size) name += (name.empty() ? "" : ".") + std::string(63, 'x');
  return name.substr(0, size);
}

TEST_CASE("A host name is labels of letters, digits and inner hyphens, 1 to 63 long, not all digits", "[address]") {
  for (const std::string& name : {std::string("example"), std::string("a.b"), std::string("9a"), std::string("a-9"),
                                  std::string("1-1"), std::string("a.123"), std::string(63, 'a') + ".b", labels_of(255)}) {
    INFO(name);
    CHECK(address_syntax("u@" + name) == AddressSyntax::Valid);
  }
  for (const std::string& name : {std::string("123"), std::string("1.2.3"), std::string(".a"), std::string("-a.b"),
                                  std::string("a-.b"), std::string("a.-b"), std::string("a..b"), std::string("a_b"),
                                  std::string(64, 'a') + ".b", "a.b." + labels_of(255)}) {
    INFO(name);
    CHECK(address_syntax("u@" + name) == AddressSyntax::Invalid);
  }
}

TEST_CASE("A plain user@domain resolves as the full rewriting rounds resolve it", "[address]") {
  // A trailing dot sends the same address through every round (the dot is stripped first), so
  // the shortcut for local-part@domain must agree with the rounds on every such address.
  const std::string alphabet = "aZ9.-_+=#$&'*/?^`{|}~Ab";
  const std::string domains[] = {"campus.example", "CAMPUS.example", "mx.campus.example", "remote.example",
                                 "Remote.Example", "a-b.example", "-bad.example", "bad-.example", "123", "a..b",
                                 "x_y.example", "9.example", "a.b.c.d.e.f.example"};
  std::uint32_t state = 12345;
  const auto next = [&state](std::uint32_t n) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % n;
  };
  int plain = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string local_part;
    for (std::uint32_t n = 1 + next(6); n > 0; --n) local_part += alphabet[next(static_cast<std::uint32_t>(alphabet.size()))];
    const std::string address = local_part + "@" + domains[next(std::size(domains))];
    if (address.back() == '.') continue;
    ++plain;
    INFO("address: " << address);
    const auto shortcut = resolve_internal(address, Campus{}, "mx.campus.example");
    const auto rounds = resolve_internal(address + ".", Campus{}, "mx.campus.example");
    REQUIRE(shortcut.has_value() == rounds.has_value());
    if (!shortcut) continue;
    CHECK(shortcut->local_part == rounds->local_part);
    CHECK(shortcut->domain == rounds->domain);
    CHECK(shortcut->local == rounds->local);
    CHECK(shortcut->sender_routed == rounds->sender_routed);
    CHECK(shortcut->domain_literal == rounds->domain_literal);
    CHECK(shortcut->null_sender == rounds->null_sender);
  }
  CHECK(plain > 2500);
}

TEST_CASE("The syntax check says what resolving the address as a client says", "[address]") {
  for (const std::string_view text :
       {"", "alice@example.org", "Alice@Example.ORG", "alice@example.org.", "alice", "alice@", "@example.org",
        "alice@-bad.example", "alice@123", "alice@[192.0.2.1]", "alice@[300.0.0.1]", "a%b@example.org", "b!a",
        "a@b@example.org", "\"a b\"@example.org", "Alice <alice@example.org>", "a@b, c@d", "@a,@b:c@example.org",
        "alice@exa_mple.org", "a..b@example.org", "alice@example..org", "<>", "\"\"@example.org"}) {
    INFO("address: " << text);
    const auto resolved = resolve_address(text);
    const AddressSyntax expected = !resolved               ? AddressSyntax::Invalid
                                   : resolved->null_sender ? AddressSyntax::NullPath
                                                           : AddressSyntax::Valid;
    CHECK(address_syntax(text) == expected);
  }
}
