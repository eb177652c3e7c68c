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

TEST_CASE("the explanation says where a disguised address really goes, and why a sender-routed one is refused") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  const mta::RelayPolicy policy(config);
  const auto explained = [&](std::string_view rcpt) {
    const auto d = policy.decide(outsider(), rcpt);
    return mta::explain_recipient(d.verdict, d.destination, rcpt);
  };
  const std::string quoted = explained("\"erin@victim3.example\"@campus.example");
  CHECK(quoted.find("written to look like mail for this server") != std::string::npos);
  CHECK(quoted.find("it goes to erin@victim3.example") != std::string::npos);
  CHECK(quoted.find("domain is not one this server serves") == std::string::npos);  // it is one it serves
  CHECK(explained("dave%victim2.example@campus.example").find("it goes to dave@victim2.example") != std::string::npos);
  const std::string routed = explained("carol%victim1.example@partner.example");
  CHECK(routed.find("sender-routed") != std::string::npos);
  CHECK(explained("victim@elsewhere.example") == std::string(mta::explain(RelayVerdict::RejectUnauthDestination)));
}

TEST_CASE("local mail is explained as local whatever rule let it in, and relayed mail names its rewritten address") {
  mta::MtaConfig config = campus_relay(mta::preset_restrictions(mta::PolicyPreset::Open));
  config.policy = mta::PolicyPreset::Open;
  const mta::RelayPolicy policy(config);
  const auto explained = [&](std::string_view rcpt) {
    const auto d = policy.decide(outsider(), rcpt);
    CHECK(d.reply.positive_completion());
    return mta::explain_recipient(d.verdict, d.destination, rcpt);
  };
  const std::string local = explained("alice@campus.example");
  CHECK(local.find("a user of this server's own domain") != std::string::npos);
  CHECK(local.find("open relay") == std::string::npos);
  CHECK(explained("someone@partner.example").find("relay_domains") != std::string::npos);
  const std::string relayed = explained("dave%victim2.example@campus.example");
  CHECK(relayed.find("open relay") != std::string::npos);
  CHECK(relayed.find("passes the copy on as dave@victim2.example") != std::string::npos);
  CHECK(explained("someone@victim1.example").find("passes the copy on") == std::string::npos);
}

TEST_CASE("a successful login is said to allow relaying only where the relay rules permit logged-in clients") {
  CHECK(std::string(mta::explain_login(campus_relay(kAuthenticated), false)).find("may now relay") != std::string::npos);
  const mta::MtaConfig network_only = campus_relay({Restriction::PermitMynetworks, Restriction::RejectUnauthDestination});
  CHECK(std::string(mta::explain_login(network_only, false)).find("does not let this client relay") != std::string::npos);
  CHECK(std::string(mta::explain_login(network_only, true)).find("may now relay") != std::string::npos);  // port 587
}

TEST_CASE("a backup MX with relay_recipient_maps refuses an unknown user of its relay domain at RCPT with 550 5.1.1") {
  mta::MtaConfig config = campus_relay(kAuthenticated);
  config.relay_recipients = {"sales@partner.example"};
  const mta::RelayPolicy policy(config);
  const auto unknown = policy.decide(outsider(), "nobody@partner.example");
  CHECK(unknown.reply.code == 550);
  CHECK(unknown.reply.status == smtp::EnhancedStatus{5, 1, 1});
  CHECK(unknown.reply.text == smtp::ReplyText::UnknownRelayUser);
  CHECK(unknown.verdict == RelayVerdict::RejectUnknownRelayUser);
  for (const char* listed : {"sales@partner.example", "SALES@Partner.Example", "sales@partner.example."}) {
    INFO(listed);
    CHECK(policy.decide(outsider(), listed).reply.code == 250);
  }
}

TEST_CASE("an @domain entry of relay_recipient_maps takes every user of that domain") {
  mta::MtaConfig config = campus_relay(kAuthenticated);
  config.relay_recipients = {"@partner.example"};
  CHECK(mta::RelayPolicy(config).decide(outsider(), "anyone@partner.example").reply.code == 250);
}

TEST_CASE("without relay_recipient_maps a backup MX takes every address of its relay domain") {
  const mta::MtaConfig config = campus_relay(kAuthenticated);
  CHECK(mta::RelayPolicy(config).decide(outsider(), "nobody@partner.example").reply.code == 250);
}

TEST_CASE("a forwarded local user is a recipient, and the decision says where the mail goes next") {
  mta::MtaConfig config = campus_relay(kAuthenticated);
  config.forwards = {{"luis", "luis@elsewhere.example"}};
  const mta::RelayPolicy policy(config);
  const auto d = policy.decide(outsider(), "Luis@campus.example");
  CHECK(d.reply.code == 250);
  REQUIRE(d.destination.forwarded_to != nullptr);
  CHECK(*d.destination.forwarded_to == "luis@elsewhere.example");
  CHECK(mta::explain_recipient(d.verdict, d.destination, "Luis@campus.example").find("forwarded (alias_maps) to "
                                                                                     "luis@elsewhere.example") !=
        std::string::npos);
  CHECK(policy.decide(outsider(), "nobody@campus.example").reply.code == 550);
}
