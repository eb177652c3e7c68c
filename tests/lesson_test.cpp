// Each shipped scenario teaches one lesson; these tests pin the lesson's outcome down.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>

#include "scenario_fixture.h"

using namespace relaysim;
using namespace relaysim::testing;
using world::Fate;

namespace {

// Every transcript, with --explain, of a shipped scenario in which only `agent` sends.
std::string explained_transcripts(const std::string& file, const std::string& agent) {
  run::RunOptions options;
  options.trace = false;
  options.explain = true;
  options.transcripts.mode = report::TranscriptChoice::Mode::All;
  const auto r = run::run_scenario(with_only_agent(shipped_scenario(file), agent), options);
  std::string all;
  for (const auto& [id, t] : r.transcripts) all += t;
  return all;
}

}  // namespace

TEST_CASE("00: Alice's mail goes MUA to MSA, MSA to the outgoing MTA, MTA to Bob's MX, and the MX delivers it") {
  const auto r = run_in_memory(with_only_agent(shipped_scenario("00-roles.yaml"), "alice"));
  REQUIRE(ham(r).submitted > 5);
  CHECK(fate(ham(r), Fate::Delivered) == ham(r).submitted);
  // Each server received by SMTP; the MSA and the MTA then passed the mail on as clients.
  CHECK(server(r, "msa.uni.example").accepted == ham(r).submitted);
  CHECK(server(r, "msa.uni.example").relayed == ham(r).submitted);
  CHECK(server(r, "mta.uni.example").accepted == ham(r).submitted);
  CHECK(server(r, "mta.uni.example").relayed == ham(r).submitted);
  CHECK(server(r, "mx.other.example").accepted == ham(r).submitted);
  CHECK(server(r, "mx.other.example").delivered == ham(r).submitted);
  CHECK(server(r, "mx.uni.example").sessions == 0);
}

TEST_CASE("00: Bob's answer goes from his MSA, the same server as his MX, straight to Alice's MX") {
  const auto r = run_in_memory(with_only_agent(shipped_scenario("00-roles.yaml"), "bob"));
  REQUIRE(ham(r).submitted > 3);
  CHECK(fate(ham(r), Fate::Delivered) == ham(r).submitted);
  CHECK(server(r, "mx.other.example").relayed == ham(r).submitted);
  CHECK(server(r, "mx.uni.example").delivered == ham(r).submitted);
  CHECK(server(r, "msa.uni.example").sessions == 0);
}

TEST_CASE("00: Alice's client sends QUIT behind the final dot, as Postfix's does, and the server answers both") {
  const std::string all = explained_transcripts("00-roles.yaml", "alice");
  // The first session's final dot, "[hh:mm:ss.mmm] C: .", and the line after it.
  const std::size_t end_of_dot = all.find("] C: .\n");
  REQUIRE(end_of_dot != std::string::npos);
  const std::size_t dot_line = all.rfind('\n', end_of_dot) + 1;
  const std::string stamp = all.substr(dot_line, end_of_dot + 1 - dot_line);
  const std::size_t next_line = all.find('\n', end_of_dot) + 1;
  CHECK(all.substr(next_line, all.find('\n', next_line) - next_line) == stamp + " C: QUIT");
  CHECK(all.find("so it sends QUIT right behind the end of data without waiting for its reply") != std::string::npos);
  // The server answers the dot, then the QUIT; the client sends nothing in between.
  const std::size_t queued = all.find("S: 250 2.0.0 Ok: queued as", next_line);
  const std::size_t bye = all.find("S: 221 2.0.0 Bye", next_line);
  REQUIRE(queued != std::string::npos);
  REQUIRE(bye != std::string::npos);
  CHECK(queued < bye);
  CHECK(all.find(" C: ", queued) > bye);
}

TEST_CASE("01: a user's authenticated submission is relayed to the recipient's MX and delivered") {
  const auto r = run_in_memory(shipped_scenario("01-direct-delivery.yaml"));
  REQUIRE(ham(r).submitted > 10);
  CHECK(fate(ham(r), Fate::Delivered) + fate(ham(r), Fate::Queued) == ham(r).submitted);
  CHECK(fate(ham(r), Fate::Rejected) == 0);
  CHECK(fate(ham(r), Fate::Bounced) == 0);
  CHECK(server(r, "mx.campus.example").relayed == ham(r).submitted - fate(ham(r), Fate::Queued));
  CHECK(server(r, "mx.partner.example").delivered == fate(ham(r), Fate::Delivered));
}

TEST_CASE("02: the open relay forwards the spammer's mail to the outside domains") {
  const auto r = run_in_memory(shipped_scenario("02-open-relay.yaml"));
  REQUIRE(spam(r).submitted > 100);
  CHECK(fate(spam(r), Fate::Rejected) == 0);
  // Everything sent is delivered, but for copies still on their way when the run ends.
  CHECK(fate(spam(r), Fate::Delivered) + fate(spam(r), Fate::Queued) == spam(r).submitted);
  CHECK(fate(spam(r), Fate::Delivered) > 0.9 * spam(r).submitted);
  CHECK(server(r, "mx.campus.example").relayed >= fate(spam(r), Fate::Delivered));
  const auto victims = server(r, "mx.victim1.example").delivered + server(r, "mx.victim2.example").delivered +
                        server(r, "mx.victim3.example").delivered;
  CHECK(victims >= fate(spam(r), Fate::Delivered));
  CHECK(fate(ham(r), Fate::Delivered) + fate(ham(r), Fate::Queued) == ham(r).submitted);
}

TEST_CASE("02: an open relay follows the percent hack, quoted addresses and bang paths") {
  const auto spec = with_only_agent(shipped_scenario("02-open-relay.yaml"), "trickster");
  const auto r = run_in_memory(spec);
  REQUIRE(spam(r).submitted > 10);
  CHECK(fate(spam(r), Fate::Delivered) + fate(spam(r), Fate::Queued) == spam(r).submitted);
  CHECK(server(r, "mx.campus.example").delivered == 0);  // none of the tricks lands in a campus mailbox
}

TEST_CASE("03: the authenticated relay refuses the spam with 554 5.7.1, and users' mail still arrives") {
  const auto r = run_in_memory(shipped_scenario("03-authenticated.yaml"));
  REQUIRE(spam(r).submitted > 100);
  CHECK(fate(spam(r), Fate::Rejected) == spam(r).submitted);
  CHECK(fate(spam(r), Fate::Delivered) == 0);
  const auto& relay = server(r, "mx.campus.example");
  CHECK(relay.rejected.by_text().at("5.7.1") == spam(r).submitted);
  CHECK(relay.relayed == fate(ham(r), Fate::Delivered) + fate(ham(r), Fate::Queued) -
                             server(r, "mx.campus.example").delivered);
  CHECK(fate(ham(r), Fate::Delivered) + fate(ham(r), Fate::Queued) == ham(r).submitted);
  CHECK(fate(ham(r), Fate::Rejected) == 0);
}

TEST_CASE("03: the transcript shows the relay refusal and the reason in plain words") {
  const auto spec = with_only_agent(shipped_scenario("03-authenticated.yaml"), "spammer");
  run::RunOptions options;
  options.trace = false;
  options.explain = true;
  options.transcripts.mode = report::TranscriptChoice::Mode::Ids;
  options.transcripts.ids = {1};
  const auto r = run::run_scenario(spec, options);
  REQUIRE(r.transcripts.count(1) == 1);
  const std::string& t = r.transcripts.at(1);
  CHECK(t.find("C: RCPT TO:<user") != std::string::npos);
  CHECK(t.find("S: 554 5.7.1 <user") != std::string::npos);
  CHECK(t.find("Relay access denied") != std::string::npos);
  CHECK(t.find("refuses to relay") != std::string::npos);
}

TEST_CASE("03: the trickster's disguised addresses are explained by where they really go, not as foreign domains") {
  const std::string all = explained_transcripts("03-authenticated.yaml", "trickster");
  CHECK(all.find("it goes to erin@victim3.example, at a domain this server does not serve") != std::string::npos);
  CHECK(all.find("it goes to dave@victim2.example") != std::string::npos);
  // The reason right under the refusal of the quoted address is where it really goes.
  const std::string refusal = "<erin@victim3.example@campus.example>: Relay access denied\n";
  const auto at = all.find(refusal);
  REQUIRE(at != std::string::npos);
  CHECK(all.substr(at + refusal.size(), 200).find("written to look like mail for this server") != std::string::npos);
}

TEST_CASE("02: the open relay's transcript says it passes a disguised address on as the address it resolved") {
  const std::string all = explained_transcripts("02-open-relay.yaml", "trickster");
  CHECK(all.find("it passes the copy on as erin@victim3.example") != std::string::npos);
  CHECK(all.find("C: RCPT TO:<erin@victim3.example>") != std::string::npos);  // and so it does
}

TEST_CASE("by default each lesson's transcripts show its key moment: a trick, an outage, a blocklist, the junk folder") {
  const auto key_transcripts = [](const char* file) {
    run::RunOptions options;  // --transcripts key
    options.until = 3 * sim::kHour;  // every moment below comes in the first hours (the sanitizers run this too)
    const auto r = run::run_scenario(shipped_scenario(file), options);
    std::string all;
    for (const auto& [id, t] : r.transcripts) all += t;
    CHECK(r.transcripts.size() == r.totals.key_messages.size());
    return all;
  };
  CHECK(key_transcripts("02-open-relay.yaml").find("C: RCPT TO:<erin@victim3.example>") != std::string::npos);
  CHECK(key_transcripts("03-authenticated.yaml").find("Relay access denied") != std::string::npos);
  CHECK(key_transcripts("04-backup-mx.yaml").find("keeps the message in its queue") != std::string::npos);
  const std::string blocklist = key_transcripts("06-dnsbl-and-greylisting.yaml");
  CHECK(blocklist.find("blocked using") != std::string::npos);
  CHECK(blocklist.find("Greylisted") != std::string::npos);
  run::RunOptions first_day;
  first_day.until = 25 * sim::kHour;  // the named key messages: the newsletter at 00:18, the spam at 24:00
  const auto r07 = run::run_scenario(shipped_scenario("07-newsletter-reputation.yaml"), first_day);
  REQUIRE(r07.totals.key_messages.size() >= 2);
  CHECK(r07.totals.key_messages[0].describe() == "ham delivered to the junk folder (named by the scenario)");
  CHECK(r07.transcripts.count(r07.totals.key_messages[0].id) == 1);
}

TEST_CASE("04: the backup MX queues mail during the primary's outage and delivers all of it afterwards") {
  const auto r = run_in_memory(shipped_scenario("04-backup-mx.yaml"));
  REQUIRE(ham(r).submitted > 20);
  CHECK(fate(ham(r), Fate::Delivered) == ham(r).submitted);
  const auto& backup = server(r, "mx2.example.org");
  CHECK(backup.accepted > 0);
  CHECK(backup.deferred > 0);
  CHECK(backup.delivered == 0);  // a backup MX never delivers locally
  CHECK(server(r, "mx1.example.org").delivered == ham(r).submitted);
}

TEST_CASE("04: the transcript explains the timeout, the next MX by preference and the deferral") {
  run::RunOptions options;
  options.trace = false;
  options.explain = true;
  options.transcripts.mode = report::TranscriptChoice::Mode::Key;
  const auto r = run::run_scenario(shipped_scenario("04-backup-mx.yaml"), options);
  // The lesson's key message: the first ham that waited in a queue, sent while mx1 is down.
  const auto& keys = r.totals.key_messages;
  const auto queued = std::find_if(keys.begin(), keys.end(), [](const report::KeyMessage& key) {
    return key.outcome.message_class == world::MessageClass::Ham && key.outcome.fate == Fate::Delivered &&
           key.outcome.deferred;
  });
  REQUIRE(queued != keys.end());
  REQUIRE(r.transcripts.count(queued->id) == 1);
  const std::string& t = r.transcripts.at(queued->id);
  INFO(t);
  CHECK(t.find("-- no answer: connect to mx1.example.org[198.51.100.10]:25: Connection timed out") != std::string::npos);
  CHECK(t.find("tries the next MX host by preference, mx2.example.org (RFC 5321 section 5.1)") != std::string::npos);
  CHECK(t.find("-- mx2.example.org keeps the message in its queue (deferred: Connection timed out, 4.4.1)") !=
        std::string::npos);
  CHECK(t.find("maximal_queue_lifetime") != std::string::npos);
  CHECK(t.find("421") == std::string::npos);  // no server said 421: none answered
}

TEST_CASE("04: deferrals during the outage are visible in the trace") {
  const auto dir = std::filesystem::temp_directory_path() / "relaysim-test-04";
  std::filesystem::remove_all(dir);
  run::RunOptions options;
  options.out_dir = dir;
  options.transcripts.mode = report::TranscriptChoice::Mode::None;
  run::run_scenario(shipped_scenario("04-backup-mx.yaml"), options);
  std::ifstream trace(dir / "trace.jsonl");
  std::string line;
  int deferred = 0;
  while (std::getline(trace, line)) {
    if (line.find("\"event\": \"deferred\"") != std::string::npos &&
        line.find("\"at\": \"mx2.example.org\"") != std::string::npos) {
      ++deferred;
    }
  }
  CHECK(deferred > 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("02: the trace shows the open relay asking the victim's server for the rewritten address") {
  const auto dir = std::filesystem::temp_directory_path() / "relaysim-test-02-rewrite";
  std::filesystem::remove_all(dir);
  run::RunOptions options;
  options.out_dir = dir;
  options.transcripts.mode = report::TranscriptChoice::Mode::None;
  run::run_scenario(with_only_agent(shipped_scenario("02-open-relay.yaml"), "trickster"), options);
  std::ifstream trace(dir / "trace.jsonl");
  std::string line;
  bool percent_hack_followed = false;
  while (std::getline(trace, line)) {
    percent_hack_followed |= line.find("\"rcpt\": \"dave%victim2.example@mx.campus.example\", "
                                      "\"sent_as\": \"dave@victim2.example\", \"code\": 250") != std::string::npos;
  }
  CHECK(percent_hack_followed);
  std::filesystem::remove_all(dir);
}
