// End to end: a ClientSession talking to a ServerSession with a fake policy, one test per
// outcome, with the transcript a report would show.
#include <array>
#include <catch2/catch.hpp>
#include <string>

#include "smtp/client_session.h"
#include "smtp/fake_policy_test.h"
#include "smtp/server_session.h"
#include "smtp/wire.h"

using namespace relaysim::smtp;
using relaysim::smtp::testing::FakePolicy;

namespace {

constexpr std::uint32_t kPairClientIp = 0xCB007107;  // 203.0.113.7

// Appends `wire` (CRLF-terminated lines) to the transcript, each line prefixed with `who`.
void append_lines(std::string_view who, std::string_view wire, std::string& transcript) {
  while (!wire.empty()) {
    const std::size_t end = wire.find("\r\n");
    transcript += who;
    transcript += wire.substr(0, end);
    transcript += '\n';
    wire.remove_prefix(end + 2);
  }
}

// Drives the client against the server until the client is done; returns the transcript.
std::string converse(ClientSession& client, ServerSession& server, std::string_view hostname) {
  std::string transcript;
  std::string wire;
  const ServerIdentity identity{hostname};
  Reply reply = server.open(kPairClientIp);
  for (;;) {
    wire.clear();
    format_reply(reply, identity, wire);
    append_lines("S: ", wire, transcript);
    const std::optional<Command> command = client.on_reply(reply);
    if (!command) break;
    wire.clear();
    format_command(*command, wire);
    append_lines("C: ", wire, transcript);
    reply = server.handle(*command);
  }
  return transcript;
}

struct Mx {
  explicit Mx(bool submission = false) {
    config.hostname = submission ? "smtp.campus.example" : "mx.campus.example";
    config.submission = submission;
    config.auth_enabled = submission;
  }
  FakePolicy policy;
  ServerConfig config;
  ServerSession session{config, policy, 0};
};

ClientJob job_to(const std::string_view* recipients, std::size_t count) {
  ClientJob job;
  job.helo_name = "client.example";
  job.reverse_path = "sender@elsewhere.example";
  job.recipients = recipients;
  job.recipient_count = count;
  job.size = 2048;
  return job;
}

}  // namespace

TEST_CASE("A message for a local recipient is accepted and queued", "[session-pair]") {
  Mx mx;
  const std::array<std::string_view, 1> recipients{"bob@campus.example"};
  ClientSession client;
  client.start(job_to(recipients.data(), recipients.size()));
  CHECK(converse(client, mx.session, mx.config.hostname) ==
        "S: 220 mx.campus.example ESMTP relaysim\n"
        "C: EHLO client.example\n"
        "S: 250-mx.campus.example\n"
        "S: 250-PIPELINING\n"
        "S: 250-SIZE 10240000\n"
        "S: 250-VRFY\n"
        "S: 250-ETRN\n"
        "S: 250-ENHANCEDSTATUSCODES\n"
        "S: 250-8BITMIME\n"
        "S: 250-DSN\n"
        "S: 250-SMTPUTF8\n"
        "S: 250 CHUNKING\n"
        "C: MAIL FROM:<sender@elsewhere.example> SIZE=2048\n"
        "S: 250 2.1.0 Ok\n"
        "C: RCPT TO:<bob@campus.example>\n"
        "S: 250 2.1.5 Ok\n"
        "C: DATA\n"
        "S: 354 End data with <CR><LF>.<CR><LF>\n"
        "C: <message content, 2048 octets>\n"
        "C: .\n"
        "S: 250 2.0.0 Ok: queued as 4F1A2B01\n"
        "C: QUIT\n"
        "S: 221 2.0.0 Bye\n");
  CHECK(client.done());
  CHECK(mx.session.closed());
  REQUIRE(client.results().size() == 1);
  CHECK(client.results()[0].outcome == RecipientOutcome::Accepted);
  CHECK(mx.policy.last_recipients == std::vector<std::string>{"bob@campus.example"});
  CHECK(mx.policy.last_size == 2048);
}

TEST_CASE("Relaying through an MX is refused with 554 5.7.1 and DATA is never sent", "[session-pair]") {
  Mx mx;
  const std::array<std::string_view, 1> recipients{"carol@victim.example"};
  ClientSession client;
  client.start(job_to(recipients.data(), recipients.size()));
  const std::string transcript = converse(client, mx.session, mx.config.hostname);
  CHECK_THAT(transcript, Catch::Contains("C: RCPT TO:<carol@victim.example>\n"
                                         "S: 554 5.7.1 <carol@victim.example>: Relay access denied\n"
                                         "C: QUIT\n"
                                         "S: 221 2.0.0 Bye\n"));
  CHECK_THAT(transcript, !Catch::Contains("DATA"));
  CHECK(client.results()[0].outcome == RecipientOutcome::Refused);
  CHECK(client.results()[0].reply.code == 554);
  CHECK(client.results()[0].reply.status == EnhancedStatus{5, 7, 1});
  CHECK(mx.policy.queued_count == 0);
}

TEST_CASE("Mixed recipients: local accepted, relay refused, deferred relay deferred", "[session-pair]") {
  Mx mx;
  mx.policy.defer_relay = true;  // Postfix's default defer_unauth_destination: 454 4.7.1
  const std::array<std::string_view, 3> recipients{"bob@campus.example", "carol@victim.example",
                                                   "nobody@campus.example"};
  ClientSession client;
  client.start(job_to(recipients.data(), recipients.size()));
  const std::string transcript = converse(client, mx.session, mx.config.hostname);
  CHECK_THAT(transcript, Catch::Contains("S: 454 4.7.1 <carol@victim.example>: Relay access denied\n"));
  CHECK(client.results()[0].outcome == RecipientOutcome::Accepted);
  CHECK(client.results()[1].outcome == RecipientOutcome::Deferred);
  CHECK(client.results()[2].outcome == RecipientOutcome::Refused);
  CHECK(client.results()[2].reply.text == ReplyText::UnknownLocalUser);
  CHECK(mx.policy.last_recipients == std::vector<std::string>{"bob@campus.example"});
}

TEST_CASE("On submission, a job without a login is refused at RCPT, and the same job with one accepted",
          "[session-pair]") {
  Mx submission(true);
  const std::array<std::string_view, 1> recipients{"carol@victim.example"};
  ClientJob job = job_to(recipients.data(), recipients.size());
  ClientSession client;

  client.start(job);
  const std::string refused = converse(client, submission.session, submission.config.hostname);
  CHECK_THAT(refused, Catch::Contains("C: MAIL FROM:<sender@elsewhere.example> SIZE=2048\n"
                                      "S: 250 2.1.0 Ok\n"
                                      "C: RCPT TO:<carol@victim.example>\n"
                                      "S: 554 5.7.1 <carol@victim.example>: Relay access denied\n"
                                      "C: QUIT\n"));
  CHECK(client.results()[0].outcome == RecipientOutcome::Refused);
  CHECK(client.results()[0].reply.text == ReplyText::RelayDenied);

  job.credentials = Credentials{"alice", "secret", false};
  client.start(job);
  const std::string accepted = converse(client, submission.session, submission.config.hostname);
  CHECK_THAT(accepted, Catch::Contains("S: 250-AUTH PLAIN LOGIN\n"));
  CHECK_THAT(accepted, Catch::Contains("C: AUTH PLAIN <redacted>\n"
                                       "S: 235 2.7.0 Authentication successful\n"
                                       "C: MAIL FROM:<sender@elsewhere.example> SIZE=2048\n"
                                       "S: 250 2.1.0 Ok\n"
                                       "C: RCPT TO:<carol@victim.example>\n"
                                       "S: 250 2.1.5 Ok\n"));
  CHECK(client.results()[0].outcome == RecipientOutcome::Accepted);
  CHECK(submission.policy.last_user == "alice");
}

TEST_CASE("AUTH LOGIN end to end shows the base64 prompts and redacts the answers", "[session-pair]") {
  Mx submission(true);
  const std::array<std::string_view, 1> recipients{"carol@victim.example"};
  ClientJob job = job_to(recipients.data(), recipients.size());
  job.credentials = Credentials{"alice", "secret", true};
  ClientSession client;
  client.start(job);
  CHECK_THAT(converse(client, submission.session, submission.config.hostname),
             Catch::Contains("C: AUTH LOGIN\n"
                             "S: 334 VXNlcm5hbWU6\n"
                             "C: <redacted>\n"
                             "S: 334 UGFzc3dvcmQ6\n"
                             "C: <redacted>\n"
                             "S: 235 2.7.0 Authentication successful\n"));
  CHECK(client.results()[0].outcome == RecipientOutcome::Accepted);
}

TEST_CASE("A bad password gets 535 5.7.8 and the client gives up with every recipient refused", "[session-pair]") {
  Mx submission(true);
  const std::array<std::string_view, 2> recipients{"carol@victim.example", "bob@campus.example"};
  ClientJob job = job_to(recipients.data(), recipients.size());
  job.credentials = Credentials{"alice", "guess", false};
  ClientSession client;
  client.start(job);
  CHECK_THAT(converse(client, submission.session, submission.config.hostname),
             Catch::EndsWith("C: AUTH PLAIN <redacted>\n"
                             "S: 535 5.7.8 Error: authentication failed: authentication failure\n"
                             "C: QUIT\n"
                             "S: 221 2.0.0 Bye\n"));
  for (const RecipientResult& result : client.results()) {
    CHECK(result.outcome == RecipientOutcome::Refused);
    CHECK(result.reply.status == EnhancedStatus{5, 7, 8});
  }
  CHECK(submission.session.errors() == 1);
}

TEST_CASE("A message over the server's size limit is refused at MAIL", "[session-pair]") {
  Mx mx;
  mx.config.message_size_limit = 1000;
  const std::array<std::string_view, 1> recipients{"bob@campus.example"};
  ClientSession client;
  client.start(job_to(recipients.data(), recipients.size()));
  CHECK_THAT(converse(client, mx.session, mx.config.hostname),
             Catch::Contains("S: 250-SIZE 1000\n") && Catch::Contains("S: 552 5.3.4 Message size exceeds fixed limit\n"));
  CHECK(client.results()[0].outcome == RecipientOutcome::Refused);
}
