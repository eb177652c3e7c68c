// Live sessions against a real World, without sockets: bytes as a real client would send them
// go through smtp::TextServer into the world's session, and what the world then reports (the
// totals, transcripts) must be what a simulated client's mail would give.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "live/listen_plan.h"
#include "live/live_observer.h"
#include "report/recorder.h"
#include "scenario/scenario_loader.h"
#include "smtp/text_server.h"
#include "world/world.h"

using namespace relaysim;

namespace {

std::filesystem::path source_dir() {
  const char* dir = std::getenv("RELAYSIM_SOURCE_DIR");
  return dir ? std::filesystem::path(dir) : std::filesystem::current_path();
}

// A shipped scenario with its agents removed (only real clients send) and a live client added.
struct LiveWorld {
  explicit LiveWorld(const std::string& file, std::uint32_t client_ip = 0) {
    spec = scenario::load_scenario_file((source_dir() / "scenarios" / file).string());
    spec.agents.clear();
    spec.links.clear();
    agent = live::add_live_client(spec, client_ip ? client_ip : live::default_client_ip(spec),
                                  world::MessageClass::Ham, live::default_listeners(spec, "127.0.0.1", 2525));
    report::RecorderOptions options;
    options.transcripts.mode = report::TranscriptChoice::Mode::None;  // live mail is transcribed anyway
    options.explain = true;
    options.metrics = {spec.name, "", spec.seed, spec.metrics_interval};
    recorder = std::make_unique<report::Recorder>(options);
    const std::uint32_t live_node = static_cast<std::uint32_t>(spec.mtas.size() + agent);
    observer = std::make_unique<live::LiveObserver>(*recorder, nullptr, live_node, 100);
    w = std::make_unique<world::World>(spec, *observer);
    recorder->bind(w->topology(), w->mta_count());
    w->start(spec.duration);
  }

  report::RunTotals finish() {
    w->advance_to(spec.duration);
    w->finish();
    recorder->finish(spec.duration);
    return recorder->totals(spec.name, spec.seed, spec.duration, w->events());
  }

  std::string all_transcripts() const {
    std::string text;
    for (const auto& [id, t] : recorder->transcripts()) text += t;
    return text;
  }

  scenario::ScenarioSpec spec;
  std::uint32_t agent = 0;
  std::unique_ptr<report::Recorder> recorder;
  std::unique_ptr<live::LiveObserver> observer;
  std::unique_ptr<world::World> w;
};

// One real client's connection: a TextServer over the world's session, reporting every exchange.
struct Client final : smtp::TextServer::Observer {
  Client(LiveWorld& lw, std::uint32_t mta, bool submission = false) : world(*lw.w) {
    id = *world.live().open(mta, submission, lw.agent);
    smtp::ServerSession& session = world.live().server(id);
    text = std::make_unique<smtp::TextServer>(session, smtp::ServerIdentity{lw.spec.mtas[mta].name});
    text->set_observer(this);
    greeting = std::string(text->open(session.facts().client_ip));
  }
  std::string send(std::string_view bytes) {
    world.live().input(id);
    return std::string(text->feed(bytes));
  }
  void close() { world.live().close(id); }
  void exchanged(const smtp::Command* command, const smtp::Reply& reply) override {
    world.live().exchange(id, command, reply);
  }

  world::World& world;
  std::uint64_t id = 0;
  std::unique_ptr<smtp::TextServer> text;
  std::string greeting;
};

const report::ClassTotals& ham(const report::RunTotals& t) { return t.classes[0]; }
std::uint64_t fate(const report::ClassTotals& c, world::Fate f) { return c.fates[static_cast<int>(f)]; }

const std::string kMessage = "Subject: hello\r\n\r\nHello from a real client.\r\n.\r\n";

}  // namespace

TEST_CASE("An open relay takes a real client's message and the world relays it", "[live]") {
  LiveWorld lw("02-open-relay.yaml");
  Client client(lw, 0);
  CHECK(client.greeting == "220 mx.campus.example ESMTP relaysim\r\n");
  CHECK(client.send("EHLO student.example\r\n").starts_with("250-mx.campus.example\r\n250-PIPELINING\r\n"));
  CHECK(client.send("MAIL FROM:<me@student.example>\r\n") == "250 2.1.0 Ok\r\n");
  CHECK(client.send("RCPT TO:<someone@victim1.example>\r\n") == "250 2.1.5 Ok\r\n");
  CHECK(client.send("DATA\r\n") == "354 End data with <CR><LF>.<CR><LF>\r\n");
  const std::string queued = client.send(kMessage);
  CHECK(queued.starts_with("250 2.0.0 Ok: queued as "));
  CHECK(client.send("QUIT\r\n") == "221 2.0.0 Bye\r\n");
  client.close();
  CHECK(lw.w->live().open_count() == 0);
  CHECK(lw.observer->live_messages_accepted() == 1);

  const report::RunTotals totals = lw.finish();
  CHECK(ham(totals).submitted == 1);
  CHECK(fate(ham(totals), world::Fate::Delivered) == 1);  // relayed to mx.victim1.example, delivered there
  CHECK(totals.mtas[0].accepted == 1);
  CHECK(totals.mtas[0].relayed == 1);
  const std::string transcript = lw.all_transcripts();
  CHECK(transcript.find("live-client [100.64.1.1] -> mx.campus.example [192.0.2.10] port 25") != std::string::npos);
  CHECK(transcript.find("mx.campus.example [192.0.2.10] -> mx.victim1.example") != std::string::npos);
  CHECK(transcript.find("C: QUIT") != std::string::npos);
}

TEST_CASE("The authenticated relay refuses 554 5.7.1 until AUTH, then accepts: passwords stay out", "[live]") {
  LiveWorld lw("03-authenticated.yaml");
  Client client(lw, 0);
  client.send("EHLO student.example\r\n");
  CHECK(client.send("MAIL FROM:<me@student.example>\r\nRCPT TO:<someone@victim1.example>\r\nDATA\r\n") ==
        "250 2.1.0 Ok\r\n554 5.7.1 <someone@victim1.example>: Relay access denied\r\n"
        "554 5.5.1 Error: no valid recipients\r\n");
  CHECK(client.send("RSET\r\n") == "250 2.0.0 Ok\r\n");
  // base64("\0alice\0wonderland")
  CHECK(client.send("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n") == "235 2.7.0 Authentication successful\r\n");
  CHECK(client.send("MAIL FROM:<alice@campus.example>\r\nRCPT TO:<someone@victim1.example>\r\nDATA\r\n") ==
        "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(client.send(kMessage).starts_with("250 2.0.0 Ok: queued as "));
  client.send("QUIT\r\n");
  client.close();

  const report::RunTotals totals = lw.finish();
  // The refused attempt is a message whose one copy was rejected; the second was delivered.
  CHECK(ham(totals).submitted == 2);
  CHECK(fate(ham(totals), world::Fate::Rejected) == 1);
  CHECK(fate(ham(totals), world::Fate::Delivered) == 1);
  CHECK(totals.mtas[0].rejected.by_text().at("5.7.1") == 1);
  const std::string transcript = lw.all_transcripts();
  CHECK(transcript.find("Relay access denied") != std::string::npos);
  CHECK(transcript.find("C: AUTH PLAIN <redacted>") != std::string::npos);
  CHECK(transcript.find("AGFsaWNlAHdvbmRlcmxhbmQ") == std::string::npos);
  CHECK(transcript.find("wonderland") == std::string::npos);
  CHECK(transcript.find("(why: the client has authenticated") != std::string::npos);
}

TEST_CASE("AUTH LOGIN lines are redacted in transcripts", "[live]") {
  LiveWorld lw("03-authenticated.yaml");
  Client client(lw, 0, true);
  client.send("EHLO student.example\r\n");
  CHECK(client.send("MAIL FROM:<alice@campus.example>\r\nRCPT TO:<bob@victim1.example>\r\nRSET\r\n") ==
        "250 2.1.0 Ok\r\n554 5.7.1 <bob@victim1.example>: Recipient address rejected: Access denied\r\n"
        "250 2.0.0 Ok\r\n");
  // base64 "alice", "wonderland"
  CHECK(client.send("AUTH LOGIN\r\nYWxpY2U=\r\nd29uZGVybGFuZA==\r\n") ==
        "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n");
  client.send("MAIL FROM:<alice@campus.example>\r\nRCPT TO:<bob@victim1.example>\r\nDATA\r\n");
  CHECK(client.send(kMessage).starts_with("250 "));
  client.close();
  lw.finish();
  const std::string transcript = lw.all_transcripts();
  CHECK(transcript.find("port 587") != std::string::npos);
  CHECK(transcript.find("C: <redacted>") != std::string::npos);
  CHECK(transcript.find("d29uZGVybGFuZA") == std::string::npos);
  CHECK(transcript.find("YWxpY2U=") == std::string::npos);
}

TEST_CASE("A message cut off in DATA is not accepted, and leaves nothing behind", "[live]") {
  LiveWorld lw("02-open-relay.yaml");
  Client client(lw, 0);
  client.send("EHLO c\r\nMAIL FROM:<me@student.example>\r\nRCPT TO:<someone@victim1.example>\r\nDATA\r\n");
  client.send("Subject: half\r\n\r\nthe client vanishes in the mid");
  client.close();
  CHECK(lw.w->live().open_count() == 0);
  const report::RunTotals totals = lw.finish();
  CHECK(ham(totals).submitted == 0);
  CHECK(totals.mtas[0].accepted == 0);
}

// 02-open-relay.yaml with mx.campus.example's message_size_limit at 100 octets.
struct SmallLimitWorld : LiveWorld {
  SmallLimitWorld() : LiveWorld("02-open-relay.yaml") {
    w.reset();
    spec.mtas[0].message_size_limit = 100;
    w = std::make_unique<world::World>(spec, *observer);
    recorder->bind(w->topology(), w->mta_count());
    w->start(spec.duration);
  }
};

TEST_CASE("A refused message (552 over the size limit) is a rejected copy: the session goes on", "[live]") {
  SmallLimitWorld lw;
  Client client(lw, 0);
  client.send("EHLO c\r\nMAIL FROM:<me@student.example>\r\nRCPT TO:<someone@victim1.example>\r\nDATA\r\n");
  CHECK(client.send(std::string(200, 'x') + "\r\n.\r\n") == "552 5.3.4 Error: message file too big\r\n");
  CHECK(client.send("NOOP\r\n") == "250 2.0.0 Ok\r\n");
  client.close();
  const report::RunTotals totals = lw.finish();
  CHECK(ham(totals).submitted == 1);
  CHECK(fate(ham(totals), world::Fate::Rejected) == 1);
}

TEST_CASE("A message refused in BDAT chunks is a rejected copy, at the LAST chunk or after a refused one", "[live]") {
  SmallLimitWorld lw;
  Client client(lw, 0);
  const std::string envelope = "MAIL FROM:<me@student.example>\r\nRCPT TO:<someone@victim1.example>\r\n";
  client.send("EHLO c\r\n" + envelope);
  CHECK(client.send("BDAT 200 LAST\r\n" + std::string(200, 'x')) == "552 5.3.4 Chunk exceeds message size limit\r\n");
  client.send(envelope);
  CHECK(client.send("BDAT 200\r\n" + std::string(200, 'x')) == "552 5.3.4 Chunk exceeds message size limit\r\n");
  CHECK(client.send("BDAT 5 LAST\r\nhello").starts_with("551 5.0.0 "));
  CHECK(client.send("NOOP\r\n") == "250 2.0.0 Ok\r\n");
  client.close();
  const report::RunTotals totals = lw.finish();
  CHECK(ham(totals).submitted == 2);
  CHECK(fate(ham(totals), world::Fate::Rejected) == 2);
  const std::string transcript = lw.all_transcripts();
  CHECK(transcript.find("C: BDAT 200 LAST") != std::string::npos);
  CHECK(transcript.find("C: BDAT 5 LAST") != std::string::npos);
}

TEST_CASE("A real client counts against max_sessions: the next one is turned away", "[live]") {
  LiveWorld lw("02-open-relay.yaml");
  lw.w.reset();
  lw.spec.mtas[0].max_sessions = 1;
  lw.w = std::make_unique<world::World>(lw.spec, *lw.observer);
  lw.recorder->bind(lw.w->topology(), lw.w->mta_count());
  lw.w->start(lw.spec.duration);
  const auto first = lw.w->live().open(0, false, lw.agent);
  REQUIRE(first);
  CHECK_FALSE(lw.w->live().open(0, false, lw.agent));
  lw.w->live().close(*first);
  CHECK(lw.w->live().open(0, false, lw.agent));
}

TEST_CASE("Several messages in one session: each is accepted once, in order", "[live]") {
  LiveWorld lw("02-open-relay.yaml");
  Client client(lw, 0);
  std::string batch = "EHLO c\r\n";
  for (int i = 0; i < 5; ++i) {
    batch += "MAIL FROM:<me@student.example>\r\nRCPT TO:<a@victim1.example>\r\nRCPT TO:<b@victim2.example>\r\n"
             "DATA\r\n" + kMessage;
  }
  const std::string replies = client.send(batch + "QUIT\r\n");
  std::size_t queued = 0;
  for (std::size_t at = replies.find("queued as"); at != std::string::npos; at = replies.find("queued as", at + 1)) {
    ++queued;
  }
  CHECK(queued == 5);
  client.close();
  const report::RunTotals totals = lw.finish();
  CHECK(ham(totals).submitted == 10);
  CHECK(totals.mtas[0].accepted == 10);
  CHECK(lw.observer->live_messages_accepted() == 5);
  CHECK(lw.recorder->transcripts().size() == 5);
}

TEST_CASE("Random bytes, commands and disconnects in many sessions never lose a copy", "[live]") {
  LiveWorld lw("03-authenticated.yaml");
  std::uint64_t state = 12345;
  const auto next = [&state](std::uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  const std::vector<std::string> pieces{
      "EHLO c\r\n", "HELO c\n", "MAIL FROM:<me@student.example>\r\n", "MAIL FROM:<>\r\n",
      "RCPT TO:<a@victim1.example>\r\n", "RCPT TO:<alice@campus.example>\r\n", "RCPT TO:<nobody>\r\n", "DATA\r\n",
      "Subject: x\r\n\r\nbody\r\n", ".\r\n", "RSET\r\n", "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n", "AUTH LOGIN\r\n",
      "YWxpY2U=\r\n", "NOOP\r\n", std::string("\0\xff\x01garbage", 10), "\r\n", std::string(1200, 'L'),
      "QUIT\r\n"};
  for (int s = 0; s < 200; ++s) {
    auto session = lw.w->live().open(static_cast<std::uint32_t>(next(2)), next(4) == 0, lw.agent);
    if (!session) continue;
    smtp::ServerSession& server = lw.w->live().server(*session);
    struct Forward final : smtp::TextServer::Observer {
      world::World& w;
      std::uint64_t id;
      Forward(world::World& world, std::uint64_t i) : w(world), id(i) {}
      void exchanged(const smtp::Command* command, const smtp::Reply& reply) override {
        w.live().exchange(id, command, reply);
      }
    } forward(*lw.w, *session);
    smtp::TextServer text(server, smtp::ServerIdentity{"mx"});
    text.set_observer(&forward);
    text.open(server.facts().client_ip);
    const auto steps = next(40);
    for (std::uint64_t i = 0; i < steps && !text.closed(); ++i) {
      std::string bytes;
      for (auto n = next(4) + 1; n > 0; --n) bytes += pieces[next(pieces.size())];
      const std::size_t cut = next(bytes.size() + 1);
      lw.w->live().input(*session);
      text.feed(std::string_view(bytes).substr(0, cut));
      text.feed(std::string_view(bytes).substr(cut));
    }
    lw.w->live().close(*session);
    if (s % 20 == 0) lw.w->advance_to(lw.w->now() + sim::kSecond);
  }
  CHECK(lw.w->live().open_count() == 0);
  const report::RunTotals totals = lw.finish();  // throws if a copy was lost
  CHECK(ham(totals).submitted == ham(totals).settled());
  CHECK(ham(totals).submitted > 0);
}

TEST_CASE("A handover is taken again in a rebuilt world, even where the world now refuses it", "[live]") {
  LiveWorld lw("03-authenticated.yaml");
  Client client(lw, 0);
  client.send("EHLO c\r\nMAIL FROM:<me@student.example>\r\nRCPT TO:<someone@victim1.example>\r\n"
              "RCPT TO:<alice@campus.example>\r\nDATA\r\n");
  const std::string queued = client.send(kMessage);
  REQUIRE(queued.starts_with("250 2.0.0 Ok: queued as "));
  const world::LiveHandover* taken = lw.w->live().handover(client.id);
  REQUIRE(taken != nullptr);
  const world::LiveHandover h = *taken;
  client.close();
  CHECK(h.queue_id == std::stoull(queued.substr(24), nullptr, 16));
  CHECK(h.sender == "me@student.example");
  REQUIRE(h.recipients.size() == 2);
  CHECK((!h.recipients[0].accepted && h.recipients[0].reply.text == smtp::ReplyText::RelayDenied));
  CHECK(h.recipients[1].accepted);

  // The rebuilt world's filter refuses everything: the client was told 250 all the same.
  LiveWorld rebuilt("03-authenticated.yaml");
  rebuilt.w.reset();
  rebuilt.spec.mtas[0].content_filter = world::ContentFilterConfig{{1.0, 1.0}, world::FilterAction::Reject};
  rebuilt.w = std::make_unique<world::World>(rebuilt.spec, *rebuilt.observer);
  rebuilt.recorder->bind(rebuilt.w->topology(), rebuilt.w->mta_count());
  rebuilt.w->start(rebuilt.spec.duration);
  rebuilt.w->advance_to(sim::kSecond);
  rebuilt.observer->expect_queue_id(h.queue_id);
  rebuilt.w->live().replay(h, rebuilt.agent);
  CHECK(rebuilt.observer->live_messages_accepted() == 1);
  const report::RunTotals totals = rebuilt.finish();
  CHECK(ham(totals).submitted == 2);
  CHECK(fate(ham(totals), world::Fate::Rejected) == 1);   // someone@victim1: 554 5.7.1, as it was
  CHECK(fate(ham(totals), world::Fate::Delivered) == 1);  // alice, here
  CHECK(totals.mtas[0].accepted == 1);
  CHECK(totals.mtas[0].sessions == 1);
  const std::string transcript = rebuilt.all_transcripts();
  CHECK(transcript.find("C: RCPT TO:<someone@victim1.example>") != std::string::npos);
  CHECK(transcript.find("554 5.7.1 <someone@victim1.example>: Relay access denied") != std::string::npos);
  CHECK(transcript.find(queued.substr(0, queued.size() - 2)) != std::string::npos);
}
