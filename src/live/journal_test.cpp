// The journal of relaysim serve: what is written is read back as it was (replies typed again
// from their wire text), a torn last line is ignored, and a journal that is not one is refused.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "live/journal.h"
#include "sim/random_stream.h"

using namespace relaysim;
using Handover = world::LiveHandover;

namespace {

struct TempDir {
  TempDir() : path(std::filesystem::temp_directory_path() / ("relaysim-journal-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::filesystem::path path;
};

live::LiveSetup a_setup() {
  live::LiveSetup s;
  s.scenario_file = "scenarios/03-authenticated.yaml";
  s.scenario_path = "/labs/scenarios/03-authenticated.yaml";
  s.scenario_text = "name: x\nsasl_users: {alice: wonderland}\n";
  s.overrides = {"mtas.mx.campus.example.policy=open"};
  s.client_ip = (100u << 24) | (64u << 16) | (1u << 8) | 1u;
  s.message_class = world::MessageClass::Spam;
  s.listeners = {{"mx.campus.example", false}, {"mx.campus.example", true}};
  s.transcripts = {"spam"};
  s.live_transcripts = 7;
  s.explain = true;
  s.trace = false;
  s.mailboxes = mail::MailboxFormat::Mbox;
  return s;
}

Handover::Recipient recipient(std::string path, smtp::Reply reply, std::string arg = {}) {
  Handover::Recipient r;
  r.path = std::move(path);
  r.accepted = reply.positive_completion();
  r.reply = reply;
  r.reply_arg = std::move(arg);
  return r;
}

Handover a_handover(sim::SimTime at) {
  Handover h;
  h.at = at;
  h.session_id = 4;
  h.mta = 0;
  h.queue_id = 0x4A00;
  h.helo = "student.example";
  h.authenticated_user = "alice";
  h.sender = "alice@campus.example";
  h.size = 271;
  h.extended = true;
  // Any octet a client may send, 8-bit and NUL included: the journal must keep it exactly.
  h.content = std::string("Subject: pr\xe1" "ctica\n\nbody \xff\x00 end\n", 31);
  h.recipients.push_back(recipient("someone@victim1.example", smtp::make_reply(smtp::ReplyText::RecipientOk)));
  h.recipients.push_back(
      recipient("x@victim2.example", smtp::make_reply(smtp::ReplyText::RelayDenied), "x@victim2.example"));
  smtp::Reply greylisted = smtp::make_reply(smtp::ReplyText::Greylisted);
  h.recipients.push_back(recipient("y@victim3.example", greylisted, "y@victim3.example"));
  smtp::Reply deferred = smtp::make_reply(smtp::ReplyText::RelayDenied);  // defer_unauth_destination
  deferred.code = 454;
  deferred.status = {4, 7, 1};
  h.recipients.push_back(recipient("z@victim3.example", deferred, "z@victim3.example"));
  return h;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void append(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::app) << text;
}

}  // namespace

TEST_CASE("A journal reads back as it was written", "[live][journal]") {
  TempDir dir;
  const auto path = dir.path / live::kJournalFile;
  {
    live::JournalWriter w(path, a_setup());
    w.clock(5 * sim::kSecond);
    w.message(a_handover(6 * sim::kSecond), "mx.campus.example");
    w.sync();
    w.stopped(7 * sim::kSecond, "interrupted");
    CHECK(w.messages() == 1);
  }
  const live::Journal j = live::read_journal(path);
  CHECK(j.setup.scenario_path == a_setup().scenario_path);
  CHECK(j.scenario_hash == sim::stable_hash(a_setup().scenario_text));
  CHECK(read(path).find("wonderland") == std::string::npos);  // the scenario's passwords stay out
  CHECK(j.setup.overrides == a_setup().overrides);
  CHECK(j.setup.client_ip == a_setup().client_ip);
  CHECK(j.setup.message_class == world::MessageClass::Spam);
  REQUIRE(j.setup.listeners.size() == 2);
  CHECK(j.setup.listeners[1].submission);
  CHECK(j.setup.transcripts == std::vector<std::string>{"spam"});
  CHECK(j.setup.live_transcripts == 7);
  CHECK((j.setup.explain && !j.setup.trace));
  CHECK(j.setup.mailboxes == mail::MailboxFormat::Mbox);
  CHECK(j.ending == live::Journal::Ending::Stopped);
  CHECK(j.reached == 7 * sim::kSecond);
  CHECK(j.warnings.empty());
  REQUIRE(j.messages.size() == 1);
  CHECK(j.messages[0].mta == "mx.campus.example");
  const Handover& h = j.messages[0].handover;
  const Handover want = a_handover(6 * sim::kSecond);
  CHECK(h.at == want.at);
  CHECK(h.queue_id == 0x4A00);
  CHECK(h.authenticated_user == "alice");
  CHECK(h.size == 271);
  CHECK(h.extended);
  CHECK(h.content == want.content);
  REQUIRE(h.recipients.size() == want.recipients.size());
  for (std::size_t i = 0; i < h.recipients.size(); ++i) {
    INFO(i);
    CHECK(h.recipients[i].path == want.recipients[i].path);
    CHECK(h.recipients[i].accepted == want.recipients[i].accepted);
    // Typed again from the wire text: the same text, code and status, whatever order ReplyText has.
    CHECK(h.recipients[i].reply.text == want.recipients[i].reply.text);
    CHECK(h.recipients[i].reply.code == want.recipients[i].reply.code);
    CHECK(h.recipients[i].reply.status == want.recipients[i].reply.status);
    CHECK(h.recipients[i].reply_arg == want.recipients[i].reply_arg);
  }
}

TEST_CASE("A torn last line is ignored with a warning, and recover cuts it off", "[live][journal]") {
  TempDir dir;
  const auto path = dir.path / live::kJournalFile;
  {
    live::JournalWriter w(path, a_setup());
    w.message(a_handover(sim::kSecond), "mx.campus.example");
    w.sync();
  }
  const std::string whole = read(path);
  append(path, "{\"kind\":\"message\",\"t_us\":2000000,\"sess");
  live::Journal j = live::read_journal(path);
  CHECK(j.messages.size() == 1);
  CHECK(j.ending == live::Journal::Ending::None);
  REQUIRE(j.warnings.size() == 1);
  CHECK(j.warnings[0].find(":3: ignored a torn last line") != std::string::npos);
  CHECK(j.complete_bytes == whole.size());

  live::mark_recovered(path, j.complete_bytes, j.reached);
  CHECK(read(path) == whole + "{\"kind\":\"recovered\",\"t_us\":1000000}\n");
  j = live::read_journal(path);
  CHECK(j.ending == live::Journal::Ending::Recovered);
  CHECK(j.warnings.empty());
}

TEST_CASE("What is not a journal is refused with the line and the reason", "[live][journal]") {
  TempDir dir;
  const auto path = dir.path / live::kJournalFile;
  const auto refused = [&](const std::string& text, const std::string& where) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    INFO(text);
    CHECK_THROWS_WITH(live::read_journal(path), Catch::Contains(where));
  };
  {
    live::JournalWriter w(path, a_setup());
    w.message(a_handover(3 * sim::kSecond), "mx.campus.example");
    w.sync();
  }
  const std::string good = read(path);
  const std::string header = good.substr(0, good.find('\n') + 1);
  refused("", "the journal is empty");
  refused("{\"name\": \"x\"}\n", "journal.jsonl:1: not the journal of relaysim serve");
  refused(header + "garbage\n" + good.substr(header.size()), "journal.jsonl:2: not a journal line");
  refused(good + "{\"kind\":\"clock\",\"t_us\":1}\n", "journal.jsonl:3: its time goes back");
  refused(good + "{\"kind\":\"stopped\",\"t_us\":9000000,\"how\":\"until\"}\n{\"kind\":\"clock\",\"t_us\":9000001}\n",
          "journal.jsonl:4: a line after serve stopped");
  refused(header + "{\"kind\":\"dance\",\"t_us\":1}\n", "unknown kind of line: dance");
  std::string newer = good;
  const std::string version = "\"schema_version\":1,";
  REQUIRE(newer.find(version) != std::string::npos);
  newer.replace(newer.find(version), version.size(), "\"schema_version\":2,");
  refused(newer, "journal.jsonl:1: schema_version 2, but this relaysim reads schema_version 1");
}

TEST_CASE("Recover reads the scenario again, and refuses one that changed since serve ran it", "[live][journal]") {
  TempDir dir;
  const auto path = dir.path / live::kJournalFile;
  live::LiveSetup setup = a_setup();
  setup.scenario_path = (dir.path / "scenario.yaml").string();
  std::ofstream(setup.scenario_path, std::ios::binary) << setup.scenario_text;
  { live::JournalWriter w(path, setup); }
  const live::Journal j = live::read_journal(path);
  CHECK(live::scenario_text_of(j) == setup.scenario_text);
  std::ofstream(setup.scenario_path, std::ios::binary | std::ios::app) << "duration: 2h\n";
  CHECK_THROWS_WITH(live::scenario_text_of(j), Catch::Contains("has changed since"));
  std::filesystem::remove(setup.scenario_path);
  CHECK_THROWS_WITH(live::scenario_text_of(j), Catch::Contains("cannot open"));
}

TEST_CASE("Recover says in the journal's language why it cannot read the scenario again", "[live][journal]") {
  TempDir dir;
  const auto path = dir.path / live::kJournalFile;
  live::LiveSetup setup = a_setup();
  setup.scenario_path = (dir.path / "scenario.yaml").string();
  { live::JournalWriter w(path, setup); }
  const live::Journal j = live::read_journal(path);
  std::ofstream(setup.scenario_path, std::ios::binary) << setup.scenario_text << "duration: 2h\n";
  const text::Catalog spanish(text::Language::Es, text::locale_dir());
  CHECK_THROWS_WITH(live::scenario_text_of(j, spanish),
                    "el escenario que ejecutó serve, " + setup.scenario_path +
                        ", ha cambiado desde entonces: vuelve a poner la versión que ejecutó serve");
  std::filesystem::remove(setup.scenario_path);
  CHECK_THROWS_WITH(live::scenario_text_of(j, spanish),
                    Catch::StartsWith("el escenario que ejecutó serve: ") && Catch::Contains("error: no se puede abrir"));
}
