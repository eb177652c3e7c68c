// The world's delivery behaviour, on small worlds built in code: routing, queues,
// bounces, limits and accounting.
#include "world/world.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <string>

using namespace relaysim;
using world::Fate;
using world::MessageClass;

namespace {

// Records every final fate with the status that decided it, and a few per-MTA counts.
class FateLog final : public world::WorldObserver {
 public:
  struct Settled {
    std::uint64_t message;
    MessageClass message_class;
    Fate fate;
    std::uint32_t node;
    int code;
    std::string status;
  };
  std::vector<Settled> settled;
  std::map<MessageClass, int> submitted;
  int deferrals = 0;
  std::map<std::uint32_t, int> sessions;

  int count(MessageClass c, Fate f) const {
    int n = 0;
    for (const auto& s : settled) n += (s.message_class == c && s.fate == f);
    return n;
  }

  void message_submitted(sim::SimTime, const world::Message& m) override {
    submitted[m.message_class] += static_cast<int>(m.recipients.size());
  }
  bool wants_transcript(const world::Message&) override { return false; }
  void session_opened(sim::SimTime, const world::SessionInfo& s) override { ++sessions[s.server_mta]; }
  void recipient_answered(sim::SimTime, const world::SessionInfo&, const world::Message&, std::uint32_t,
                          std::string_view, const smtp::Reply&, std::optional<mta::RelayVerdict>) override {}
  void message_accepted(sim::SimTime, const world::SessionInfo&, const world::Message&, std::uint32_t,
                        std::uint32_t) override {}
  void deferred(sim::SimTime, std::uint32_t, const world::Message&, std::uint32_t, const smtp::Reply&,
                sim::SimTime) override {
    ++deferrals;
  }
  void recipient_settled(sim::SimTime, const world::Message& m, std::uint32_t, Fate fate, std::uint32_t node,
                         const smtp::Reply& reason, world::Folder) override {
    settled.push_back({m.id, m.message_class, fate, node, reason.code,
                       std::to_string(reason.status.klass) + "." + std::to_string(reason.status.subject) + "." +
                           std::to_string(reason.status.detail)});
  }
  void smtp_exchange(sim::SimTime, sim::SimTime, const world::SessionInfo&, const world::Message&,
                     std::span<const smtp::Command>, std::span<const smtp::Reply>,
                     std::span<const world::ReplyReason>) override {}
  void session_refused(sim::SimTime, const world::SessionInfo&, const world::Message&, const smtp::Reply&) override {}
  void connect_timed_out(sim::SimTime, const world::SessionInfo&, const world::Message&,
                         std::optional<std::uint32_t>) override {}
};

const std::vector<mta::Restriction> kAuthenticated = {mta::Restriction::PermitMynetworks,
                                                      mta::Restriction::PermitSaslAuthenticated,
                                                      mta::Restriction::RejectUnauthDestination};

world::MtaNodeConfig server(const std::string& name, std::uint32_t ip, std::vector<std::string> domains) {
  world::MtaNodeConfig m;
  m.name = name;
  m.ip = ip;
  m.relay_restrictions = kAuthenticated;
  m.mydestination = std::move(domains);
  m.mynetworks = {{ip, 32}};
  return m;
}

// campus.example (mx.campus, MTA 0, alice submits there) and example.org (mx.org, MTA 1).
world::DomainRecords domain(std::string name, std::vector<world::MxRecord> mx, bool null_mx, std::optional<std::uint32_t> address) {
  world::DomainRecords d;
  d.name = std::move(name);
  d.mx = std::move(mx);
  d.null_mx = null_mx;
  d.address = address;
  return d;
}

world::WorldConfig two_domains() {
  world::WorldConfig c;
  c.duration = 2 * sim::kHour;
  c.mtas.push_back(server("mx.campus.example", 0xC000020A, {"campus.example"}));
  c.mtas[0].sasl_users = {{"alice", "secret"}};
  c.mtas[0].submission = true;
  c.mtas.push_back(server("mx.example.org", 0xC6336414, {"example.org"}));
  c.domains.push_back(domain("campus.example", {{"mx.campus.example", 10}}, false, std::nullopt));
  c.domains.push_back(domain("example.org", {{"mx.example.org", 10}}, false, std::nullopt));
  world::AgentConfig alice;
  alice.name = "alice";
  alice.address = "alice@campus.example";
  alice.via = {"mx.campus.example"};
  alice.login = "alice";
  alice.password = "secret";
  alice.rate_per_hour = 60;
  alice.messages = 5;
  alice.to = {"bob@example.org"};
  alice.message.from = alice.address;
  alice.message.from_domain = "campus.example";
  c.agents.push_back(alice);
  return c;
}

FateLog run(const world::WorldConfig& config) {
  FateLog log;
  world::World world(config, log);
  world.run(config.duration);
  return log;
}

}  // namespace

TEST_CASE("mail submitted with AUTH is relayed to the recipient's MX and delivered there") {
  const FateLog log = run(two_domains());
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 5);
  for (const auto& s : log.settled) CHECK(s.node == 1u);
}

TEST_CASE("a domain with a null MX bounces at once with 5.1.10, and the sender gets a DSN") {
  world::WorldConfig c = two_domains();
  c.domains[1] = domain("example.org", {}, true, std::nullopt);
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Bounced) == 5);
  CHECK(log.settled.front().status == "5.1.10");
  CHECK(log.count(MessageClass::Dsn, Fate::Delivered) == 5);  // alice's mailbox is on her own server
}

TEST_CASE("a domain with no MX and no address bounces with 5.4.4") {
  world::WorldConfig c = two_domains();
  c.agents[0].to = {"someone@nowhere.example"};
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Bounced) == 5);
  CHECK(log.settled.front().status == "5.4.4");
}

TEST_CASE("an address record serves as the implicit MX") {
  world::WorldConfig c = two_domains();
  c.domains[1] = domain("example.org", {}, false, 0xC6336414u);
  CHECK(run(c).count(MessageClass::Ham, Fate::Delivered) == 5);
}

TEST_CASE("a relayhost takes all outbound mail and passes it on") {
  world::WorldConfig c = two_domains();
  c.mtas.push_back(server("smarthost.campus.example", 0xC000020B, {}));
  c.mtas[2].mynetworks = {{0xC0000200, 24}};
  c.mtas[0].relayhost = "smarthost.campus.example";
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 5);
  CHECK(log.sessions.at(2) == 5);
}

TEST_CASE("two relays that name each other as relayhost pass a message 50 hops, then bounce it with 554 5.4.0") {
  world::WorldConfig c = two_domains();
  c.mtas.push_back(server("relay-a.example", 0xC000020B, {}));
  c.mtas.push_back(server("relay-b.example", 0xC000020C, {}));
  c.mtas[2].mynetworks = c.mtas[3].mynetworks = {{0xC0000200, 24}};
  c.mtas[0].relayhost = "relay-a.example";
  c.mtas[2].relayhost = "relay-b.example";
  c.mtas[3].relayhost = "relay-a.example";
  c.agents[0].messages = 1;
  const FateLog log = run(c);
  REQUIRE(log.count(MessageClass::Ham, Fate::Bounced) == 1);
  const auto bounced = std::find_if(log.settled.begin(), log.settled.end(),
                                    [](const FateLog::Settled& s) { return s.message_class == MessageClass::Ham; });
  CHECK(bounced->code == 554);
  CHECK(bounced->status == "5.4.0");
  // alice's server took the message (1 Received header), then the relays 48 times between them;
  // the 50th server refuses it, and the one that tried hands the bounce to the loop again: the
  // DSN loops too and ends as a bounce about a bounce, which is never sent.
  CHECK(log.sessions.at(2) + log.sessions.at(3) >= 49);
  CHECK(log.count(MessageClass::Dsn, Fate::Bounced) == 1);
  CHECK(log.submitted.at(MessageClass::Dsn) == 1);
}

TEST_CASE("mail for a host that stays down is retried, then bounced after maximal_queue_lifetime") {
  world::WorldConfig c = two_domains();
  c.duration = 6 * sim::kHour;
  c.mtas[1].down = {{0, 6 * sim::kHour}};
  c.mtas[0].queue.maximal_lifetime = 2 * sim::kHour;
  const FateLog log = run(c);
  CHECK(log.deferrals > 5);
  CHECK(log.count(MessageClass::Ham, Fate::Bounced) == 5);
  CHECK(log.settled.front().status == "4.4.1");
  CHECK(log.count(MessageClass::Dsn, Fate::Delivered) == 5);
}

TEST_CASE("a bounce about a bounce is never sent: the null sender gets no DSN") {
  world::WorldConfig c = two_domains();
  c.agents[0].address = "";
  c.domains[1] = domain("example.org", {}, true, std::nullopt);
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Bounced) == 5);
  CHECK(log.submitted.count(MessageClass::Dsn) == 0);
}

TEST_CASE("copies still waiting when the run ends are counted as queued") {
  world::WorldConfig c = two_domains();
  c.mtas[1].down = {{0, 10 * sim::kHour}};
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Queued) == 5);
  for (const auto& s : log.settled) CHECK(s.node == 0u);
}

TEST_CASE("a bot sends straight to the recipient's MX: an unknown user there is rejected with 5.1.1") {
  world::WorldConfig c = two_domains();
  c.mtas[1].local_recipients = {"bob"};
  world::AgentConfig bots;
  bots.name = "botnet";
  bots.kind = world::AgentKind::Bot;
  bots.message_class = MessageClass::Spam;
  bots.address = "x@spam.example";
  bots.bots = 10;
  bots.bot_network = {0xCB007100, 24};
  bots.rate_per_hour = 100;
  bots.messages = 20;
  bots.to = {"bob@example.org", "mallory@example.org"};
  c.agents = {bots};
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Spam, Fate::Delivered) + log.count(MessageClass::Spam, Fate::Rejected) == 20);
  CHECK(log.count(MessageClass::Spam, Fate::Rejected) > 0);
  for (const auto& s : log.settled) {
    if (s.fate == Fate::Rejected) CHECK(s.status == "5.1.1");
    if (s.fate == Fate::Delivered) CHECK(s.node == 1u);
  }
  CHECK(log.sessions.count(0) == 0);  // the campus server never saw them
}

TEST_CASE("recipients beyond the server's recipient limit get 452 4.5.3") {
  world::WorldConfig c = two_domains();
  c.mtas[1].recipient_limit = 2;
  c.agents[0].recipients_per_message = 40;  // drawn from 4 addresses: each at most once
  c.agents[0].messages = 1;
  c.agents[0].to = {"a@example.org", "b@example.org", "c@example.org", "d@example.org"};
  c.agents[0].via.clear();  // straight to the MX, so the agent itself meets the limit
  const FateLog log = run(c);
  REQUIRE(log.submitted.at(MessageClass::Ham) == 4);
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 2);
  CHECK(log.count(MessageClass::Ham, Fate::Rejected) == 2);
  for (const auto& s : log.settled) {
    if (s.fate == Fate::Rejected) CHECK(s.status == "4.5.3");
  }
}

TEST_CASE("a message over the size limit is refused with 552 5.3.4") {
  world::WorldConfig c = two_domains();
  c.mtas[0].message_size_limit = 1000;
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Rejected) == 5);
  CHECK(log.settled.front().status == "5.3.4");
}

TEST_CASE("a server with all its sessions busy turns a new connection away with 421 4.7.0") {
  world::WorldConfig c = two_domains();
  c.mtas[0].max_sessions = 1;
  c.default_latency = 10 * sim::kSecond;  // slow sessions overlap
  c.agents[0].rate_per_hour = 3600;
  c.agents[0].messages = 20;
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Rejected) > 0);
  for (const auto& s : log.settled) {
    if (s.fate == Fate::Rejected) CHECK(s.status == "4.7.0");
  }
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) + log.count(MessageClass::Ham, Fate::Rejected) == 20);
}

TEST_CASE("a wrong password is refused with 535 5.7.8 and nothing is relayed") {
  world::WorldConfig c = two_domains();
  c.agents[0].password = "guess";
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Rejected) == 5);
  CHECK(log.settled.front().status == "5.7.8");
  CHECK(log.sessions.count(1) == 0);
}

TEST_CASE("on the submission port, a client that does not log in is refused at RCPT with 554 5.7.1") {
  world::WorldConfig c = two_domains();
  c.agents[0].login.reset();
  c.agents[0].password.reset();
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Rejected) == 5);
  CHECK(log.settled.front().status == "5.7.1");  // Postfix's stock submission: permit_sasl_authenticated, reject
}

TEST_CASE("a bounce for a forged local sender has no mailbox to go to and is counted bounced") {
  world::WorldConfig c = two_domains();
  c.mtas[0].local_recipients = {"alice"};
  c.agents[0].address = "nobody@campus.example";
  c.domains[1] = domain("example.org", {}, true, std::nullopt);
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Bounced) == 5);
  CHECK(log.count(MessageClass::Dsn, Fate::Bounced) == 5);
  CHECK(log.count(MessageClass::Dsn, Fate::Delivered) == 0);
}

TEST_CASE("a user sending straight to a foreign MX uses port 25 there, not its submission port") {
  world::WorldConfig c = two_domains();
  c.mtas[1].submission = true;
  c.mtas[1].sasl_users = {{"bob", "secret"}};
  c.agents[0].via.clear();
  c.agents[0].login.reset();
  c.agents[0].password.reset();
  CHECK(run(c).count(MessageClass::Ham, Fate::Delivered) == 5);
}

// ---- defences ----

namespace {

world::AgentConfig spammer(const std::string& name, std::uint32_t ip, std::vector<std::string> to) {
  world::AgentConfig s;
  s.name = name;
  s.kind = world::AgentKind::Spammer;
  s.message_class = MessageClass::Spam;
  s.address = "offers@campus.example";  // forged: campus.example is not the spammer's domain
  s.message.from = s.address;
  s.message.from_domain = "campus.example";
  s.ip = ip;
  s.rate_per_hour = 600;
  s.to = std::move(to);
  return s;
}

int count_status(const FateLog& log, MessageClass c, Fate f, const std::string& status) {
  return static_cast<int>(std::count_if(log.settled.begin(), log.settled.end(), [&](const auto& s) {
    return s.message_class == c && s.fate == f && s.status == status;
  }));
}

}  // namespace

TEST_CASE("greylisting delays a real server's mail, which retries and gets through, but stops a spammer that never retries") {
  world::WorldConfig c = two_domains();
  c.mtas[1].recipient_restrictions = {{world::RecipientCheck::Postgrey}};
  c.agents.push_back(spammer("direct", 0xCB007107, {"bob@example.org"}));
  c.agents.back().messages = 20;
  const FateLog log = run(c);
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 5);
  CHECK(log.deferrals >= 1);
  CHECK(count_status(log, MessageClass::Spam, Fate::Rejected, "4.2.0") == 20);
}

TEST_CASE("a client over smtpd_client_message_rate_limit gets 450 4.7.1 at MAIL FROM, and mynetworks is exempt") {
  world::WorldConfig c = two_domains();
  c.mtas[1].client_message_rate_limit = 5;
  c.agents.push_back(spammer("direct", 0xCB007107, {"bob@example.org"}));
  c.agents.back().rate_per_hour = 3600;  // about 60 a minute
  c.agents.back().messages = 100;
  const FateLog log = run(c);
  CHECK(count_status(log, MessageClass::Spam, Fate::Rejected, "4.7.1") > 50);
  CHECK(log.count(MessageClass::Spam, Fate::Delivered) >= 5);
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 5);
}

TEST_CASE("DMARC reject refuses mail forged from a domain whose SPF does not list the client, and passes the real server's") {
  world::WorldConfig c = two_domains();
  c.domains[0].txt = {"v=spf1 mx -all"};  // only mx.campus.example sends for campus.example
  c.domains[0].dmarc.policy = defence::DmarcPolicy::Reject;
  c.mtas[1].dmarc = true;
  c.agents.push_back(spammer("forger", 0xCB007107, {"bob@example.org"}));
  c.agents.back().messages = 10;
  const FateLog log = run(c);
  CHECK(count_status(log, MessageClass::Spam, Fate::Rejected, "5.7.1") == 10);
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 5);
}

TEST_CASE("an outbound content filter that rejects refuses spam at submission with 554 5.7.0, even when authenticated") {
  world::WorldConfig c = two_domains();
  world::ContentFilterConfig filter;
  filter.detection = 1.0;
  filter.false_positive = 0.0;
  filter.action = world::FilterAction::Reject;
  c.mtas[0].content_filter = filter;
  world::AgentConfig thief = spammer("thief", 0xCB007107, {"bob@example.org"});
  thief.via = {"mx.campus.example"};
  thief.login = "alice";
  thief.password = "secret";
  thief.messages = 10;
  c.agents.push_back(thief);
  const FateLog log = run(c);
  CHECK(count_status(log, MessageClass::Spam, Fate::Rejected, "5.7.0") == 10);
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 5);
}

TEST_CASE("a spam-trap hit gets the sender listed after the listing delay, and reject_rbl_client then refuses it") {
  world::WorldConfig c = two_domains();
  world::BlocklistConfig zone;
  zone.zone = "bl.example";
  zone.listing_delay = *defence::PiecewiseCdf::make({{10 * sim::kMinute, 1.0}}, nullptr);  // within 10 minutes
  zone.traps = {"trap@example.org"};
  c.blocklists.push_back(zone);
  c.mtas[1].recipient_restrictions = {{world::RecipientCheck::RejectRblClient, 0}};
  c.agents.push_back(spammer("direct", 0xCB007107, {"trap@example.org"}));
  c.agents.back().rate_per_hour = 60;
  const FateLog log = run(c);
  const int delivered = log.count(MessageClass::Spam, Fate::Delivered);
  CHECK(delivered >= 1);
  CHECK(delivered <= 30);  // at 60/h, at most the ten minutes' worth plus sampling spread
  CHECK(count_status(log, MessageClass::Spam, Fate::Rejected, "5.7.1") > 80);
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 5);  // the campus server is not listed
}

namespace {

// mx.example.org asks policyd-spf about every RCPT; campus.example's record names its provider's
// network through include, and a forger sends as offers@campus.example from 203.0.113.7.
FateLog forged_against_spf(const std::string& campus_record, const std::string& provider_record) {
  world::WorldConfig c = two_domains();
  c.mtas[1].recipient_restrictions = {{world::RecipientCheck::PolicydSpf, 0}};
  c.domains[0].txt = {campus_record};
  c.domains.push_back(domain("_spf.provider.example", {}, false, std::nullopt));
  c.domains.back().txt = {provider_record};
  c.agents.push_back(spammer("forger", 0xCB007107, {"bob@example.org"}));
  c.agents.back().messages = 4;
  return run(c);
}

}  // namespace

TEST_CASE("policyd-spf refuses the forger with 550 5.7.23 when campus.example's record, through include, fails it") {
  const FateLog log = forged_against_spf("v=spf1 mx include:_spf.provider.example -all", "v=spf1 ip4:198.51.100.0/24 -all");
  CHECK(count_status(log, MessageClass::Spam, Fate::Rejected, "5.7.23") == 4);
  CHECK(log.count(MessageClass::Ham, Fate::Delivered) == 5);  // alice's mail leaves from mx.campus.example, its MX
}

TEST_CASE("policyd-spf lets a softfail, a pass through include and a permerror through, as its defaults do") {
  CHECK(forged_against_spf("v=spf1 mx ~all", "v=spf1 -all").count(MessageClass::Spam, Fate::Delivered) == 4);
  CHECK(forged_against_spf("v=spf1 include:_spf.provider.example -all", "v=spf1 ip4:203.0.113.0/24 -all")
            .count(MessageClass::Spam, Fate::Delivered) == 4);
  CHECK(forged_against_spf("v=spf1 include:nowhere.example -all", "v=spf1 -all")
            .count(MessageClass::Spam, Fate::Delivered) == 4);
}

namespace {

// A phisher at 203.0.113.7 sends as x@phish.example (whose SPF authorizes him) under the header
// From avisos@bank.example to bob@example.org, whose server runs an OpenDMARC milter.
world::WorldConfig phishing(const std::string& bank_dmarc) {
  world::WorldConfig c = two_domains();
  c.mtas[1].dmarc = true;
  c.domains.push_back(domain("bank.example", {}, false, std::nullopt));
  if (!bank_dmarc.empty()) c.domains.back().dmarc = *defence::parse_dmarc_record(bank_dmarc);
  c.domains.push_back(domain("phish.example", {}, false, std::nullopt));
  c.domains.back().txt = {"v=spf1 ip4:203.0.113.7 -all"};
  world::AgentConfig phisher = spammer("phisher", 0xCB007107, {"bob@example.org"});
  phisher.address = "x@phish.example";
  phisher.message.from = "Bank <avisos@bank.example>";
  phisher.message.from_domain = "bank.example";
  phisher.messages = 3;
  c.agents.push_back(phisher);
  return c;
}

}  // namespace

TEST_CASE("A forged bank From reaches the inbox without DMARC and is refused under the bank's p=reject") {
  CHECK(run(phishing("")).count(MessageClass::Spam, Fate::Delivered) == 3);
  const FateLog refused = run(phishing("v=DMARC1; p=reject"));
  CHECK(count_status(refused, MessageClass::Spam, Fate::Rejected, "5.7.1") == 3);  // SPF passed, for phish.example
  CHECK(refused.count(MessageClass::Ham, Fate::Delivered) == 5);
}

TEST_CASE("The sender's DKIM signature keeps DMARC passing where SPF fails, until a hop alters the message") {
  world::WorldConfig c = two_domains();
  c.mtas[1].dmarc = true;
  c.domains[0].txt = {"v=spf1 -all"};  // campus.example authorizes nobody: SPF fails at mx.example.org
  c.domains[0].dmarc = *defence::parse_dmarc_record("v=DMARC1; p=reject");
  c.domains[0].dkim = {{"s1", defence::DkimKey::Valid}};
  c.agents[0].message.dkim = world::DkimSignature{"campus.example", "s1"};
  CHECK(run(c).count(MessageClass::Ham, Fate::Delivered) == 5);
  c.mtas[0].alters_messages = true;  // mx.campus.example adds a footer after the signature was made
  CHECK(count_status(run(c), MessageClass::Ham, Fate::Bounced, "5.7.1") == 5);
  c.mtas[0].alters_messages = false;
  c.domains[0].dkim = {{"s1", defence::DkimKey::Broken}};
  CHECK(count_status(run(c), MessageClass::Ham, Fate::Bounced, "5.7.1") == 5);
}
