#include "mta/relay_policy.h"

#include <catch2/catch.hpp>

using namespace relaysim;
using mta::Restriction;
using mta::RelayVerdict;

namespace {

mta::MtaConfig campus_relay(std::vector<Restriction> restrictions) {
  mta::MtaConfig c;
  c.name = "mx.campus.example";
  c.ip = 0xC000020A;  // 192.0.2.10
  c.mydestination = {"campus.example"};
  c.relay_domains = {"partner.example"};
  c.mynetworks = {{0xC0000200, 24}};  // 192.0.2.0/24
  c.local_recipients = {"alice", "bob"};
  c.relay_restrictions = std::move(restrictions);
  return c;
}

const std::vector<Restriction> kAuthenticated = {Restriction::PermitMynetworks, Restriction::PermitSaslAuthenticated,
                                                 Restriction::RejectUnauthDestination};

smtp::SessionFacts outsider() {
  smtp::SessionFacts f;
  f.client_ip = 0xCB007107;  // 203.0.113.7
  return f;
}

}  // namespace

TEST_CASE("an outsider relaying through an authenticated MTA gets 554 5.7.1 Relay access denied") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  const auto d = policy.decide(outsider(), "victim@elsewhere.example");
  CHECK(d.reply.code == 554);
  CHECK(d.reply.status == smtp::EnhancedStatus{5, 7, 1});
  CHECK(d.reply.text == smtp::ReplyText::RelayDenied);
  CHECK(d.reply.arg == "victim@elsewhere.example");
  CHECK(d.verdict == RelayVerdict::RejectUnauthDestination);
}

TEST_CASE("an authenticated client may relay to any domain") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  smtp::SessionFacts f = outsider();
  f.authenticated_user = "alice";
  const auto d = policy.decide(f, "victim@elsewhere.example");
  CHECK(d.reply.code == 250);
  CHECK(d.verdict == RelayVerdict::PermitAuthenticated);
  CHECK(d.destination.recipient_class == mta::RecipientClass::Remote);
}

TEST_CASE("a client in mynetworks may relay without authenticating") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  smtp::SessionFacts f;
  f.client_ip = 0xC0000263;  // 192.0.2.99
  CHECK(policy.decide(f, "victim@elsewhere.example").verdict == RelayVerdict::PermitMynetworks);
}

TEST_CASE("anyone may send to the MTA's own domains and to its relay domains") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  const auto local = policy.decide(outsider(), "alice@campus.example");
  CHECK(local.reply.code == 250);
  CHECK(local.destination.recipient_class == mta::RecipientClass::Local);
  const auto backup = policy.decide(outsider(), "someone@partner.example");
  CHECK(backup.reply.code == 250);
  CHECK(backup.destination.recipient_class == mta::RecipientClass::RelayDomain);
}

TEST_CASE("an unknown local user gets 550 5.1.1") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  const auto d = policy.decide(outsider(), "mallory@campus.example");
  CHECK(d.reply.code == 550);
  CHECK(d.reply.status == smtp::EnhancedStatus{5, 1, 1});
  CHECK(d.reply.text == smtp::ReplyText::UnknownLocalUser);
}

TEST_CASE("defer_unauth_destination refuses relaying with 454 4.7.1") {
  const mta::MtaConfig config = campus_relay({Restriction::PermitMynetworks, Restriction::DeferUnauthDestination});
  const mta::RelayPolicy policy(config);
  const auto d = policy.decide(outsider(), "victim@elsewhere.example");
  CHECK(d.reply.code == 454);
  CHECK(d.reply.status == smtp::EnhancedStatus{4, 7, 1});
}

TEST_CASE("an open relay accepts any recipient from anyone") {
  const mta::MtaConfig config = campus_relay({Restriction::Permit});
  const mta::RelayPolicy policy(config);
  const auto d = policy.decide(outsider(), "victim@elsewhere.example");
  CHECK(d.reply.code == 250);
  CHECK(d.verdict == RelayVerdict::PermitExplicit);
}

TEST_CASE("sender-routed addresses at our own domain are refused by reject_unauth_destination") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  for (const char* path : {"victim%elsewhere.example@campus.example", "\"victim@elsewhere.example\"@campus.example",
                           "elsewhere.example!victim@campus.example"}) {
    INFO(path);
    const auto d = policy.decide(outsider(), path);
    CHECK(d.reply.code == 554);
    CHECK(d.verdict == RelayVerdict::RejectUnauthDestination);
  }
}

TEST_CASE("an open relay follows a sender route to the real destination") {
  const mta::MtaConfig config = campus_relay({Restriction::Permit});
  const mta::RelayPolicy policy(config);
  const auto d = policy.decide(outsider(), "victim%elsewhere.example@campus.example");
  REQUIRE(d.reply.code == 250);
  CHECK(d.destination.address.local_part == "victim");
  CHECK(d.destination.address.domain == "elsewhere.example");
  CHECK(d.destination.recipient_class == mta::RecipientClass::Remote);
}

TEST_CASE("allow_untrusted_routing lets sender-routed mail to a relay domain through") {
  mta::MtaConfig config = campus_relay(kAuthenticated);
  config.allow_untrusted_routing = true;
  const mta::RelayPolicy policy(config);
  CHECK(policy.decide(outsider(), "user%partner.example@partner.example").reply.code == 250);
}

TEST_CASE("a source route is stripped before the relay check") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  CHECK(policy.decide(outsider(), "@mx.campus.example:alice@campus.example").reply.code == 250);
  CHECK(policy.decide(outsider(), "@mx.campus.example:victim@elsewhere.example").reply.code == 554);
}

TEST_CASE("a bad recipient address gets 501 5.1.3") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  const auto d = policy.decide(outsider(), "alice@");
  CHECK(d.reply.code == 501);
  CHECK(d.reply.status == smtp::EnhancedStatus{5, 1, 3});
}

TEST_CASE("the restriction 'reject' refuses even local recipients") {
  const mta::MtaConfig config = campus_relay({Restriction::Reject});
  const mta::RelayPolicy policy(config);
  const auto d = policy.decide(outsider(), "alice@campus.example");
  CHECK(d.reply.code == 554);
  CHECK(d.verdict == RelayVerdict::RejectExplicit);
}

TEST_CASE("local users are found whatever the case of the local part, and postmaster always exists") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  CHECK(policy.decide(outsider(), "Alice@campus.example").reply.code == 250);
  CHECK(policy.decide(outsider(), "postmaster@campus.example").reply.code == 250);
  CHECK(policy.decide(outsider(), "PostMaster@campus.example").reply.code == 250);
}

TEST_CASE("a sender route that leads back to a local user is that local user, known or not") {
  const mta::MtaConfig config = campus_relay({Restriction::Permit});
  const mta::RelayPolicy policy(config);
  const auto known = policy.decide(outsider(), "alice%campus.example@campus.example");
  CHECK(known.reply.code == 250);
  CHECK(known.destination.recipient_class == mta::RecipientClass::Local);
  CHECK(known.destination.address.local_part == "alice");
  CHECK(policy.decide(outsider(), "mallory%campus.example@campus.example").reply.code == 550);
}

TEST_CASE("legacy routing forms that end at a local user are accepted by an authenticated relay, as Postfix does") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  for (const char* path : {"alice%campus.example@campus.example", "campus.example!alice@campus.example",
                           "\"alice@campus.example\"@campus.example", "alice@campus.example@campus.example",
                           "alice@campus.example.", "@[192.0.2.10]:alice@campus.example"}) {
    INFO(path);
    const auto d = policy.decide(outsider(), path);
    CHECK(d.reply.code == 250);
    CHECK(d.destination.recipient_class == mta::RecipientClass::Local);
  }
  const auto unknown = policy.decide(outsider(), "nobody%campus.example@campus.example");
  CHECK(unknown.reply.code == 550);
  CHECK(unknown.verdict == RelayVerdict::RejectUnknownUser);
}

TEST_CASE("a source route through an address literal relays through an open relay and is refused by a closed one") {
  const std::string path = "@[192.0.2.10]:grace@victim3.example";
  const mta::MtaConfig open = campus_relay({Restriction::Permit});
  const auto relayed = mta::RelayPolicy(open).decide(outsider(), path);
  CHECK(relayed.reply.code == 250);
  CHECK(smtp::canonical_address(relayed.destination.address) == "grace@victim3.example");
  const mta::MtaConfig closed = campus_relay(kAuthenticated);
  CHECK(mta::RelayPolicy(closed).decide(outsider(), path).reply.code == 554);
}

TEST_CASE("an empty local part is MAILER-DAEMON, which every mail system has") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  for (const char* path : {"\"\"@campus.example", "@campus.example", "MAILER-DAEMON@campus.example"}) {
    INFO(path);
    CHECK(policy.decide(outsider(), path).reply.code == 250);
  }
}

TEST_CASE("the submission port refuses an unauthenticated client at RCPT, and takes any recipient after AUTH") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  smtp::SessionFacts facts = outsider();
  facts.submission = true;
  const auto refused = policy.decide(facts, "bob@campus.example");
  CHECK(refused.reply.code == 554);
  CHECK(refused.reply.status == smtp::EnhancedStatus{5, 7, 1});
  CHECK(refused.reply.text == smtp::ReplyText::RecipientAccessDenied);
  CHECK(refused.verdict == RelayVerdict::RejectUnauthenticatedSubmission);
  facts.authenticated_user = "alice";
  CHECK(policy.decide(facts, "victim@elsewhere.example").reply.code == 250);
  CHECK(policy.decide(facts, "nobody@campus.example").reply.code == 250);  // smtpd_reject_unlisted_recipient = no
}
