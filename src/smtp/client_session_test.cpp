// The client state machine against scripted replies: which command comes next, and how
// each reply settles the recipients.
#include "smtp/client_session.h"

#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "smtp/wire.h"

using namespace relaysim::smtp;

namespace {

constexpr std::array<std::string_view, 3> kRecipients{"bob@victim.example", "carol@victim.example",
                                                      "dave@victim.example"};

ClientJob job_for(std::size_t recipients = kRecipients.size()) {
  ClientJob job;
  job.helo_name = "client.example";
  job.reverse_path = "alice@campus.example";
  job.recipients = kRecipients.data();
  job.recipient_count = recipients;
  job.size = 2048;
  return job;
}

Reply reply_of(ReplyText text) { return make_reply(text); }

Reply ehlo_reply(std::uint8_t capabilities = kPipelining | kSize | k8BitMime | kEnhancedStatusCodes) {
  Reply reply = make_reply(ReplyText::EhloCapabilities);
  reply.capabilities = capabilities;
  reply.number = 10240000;
  return reply;
}

Reply refusal(std::uint16_t code, ReplyText text = ReplyText::RelayDenied) {
  Reply reply = make_reply(text, "someone@victim.example");
  reply.code = code;
  reply.status = {static_cast<std::uint8_t>(code / 100), 7, 1};
  return reply;
}

// The command's wire line without CRLF (AUTH secrets shown), or "(none)".
std::string line_of(const std::optional<Command>& command) {
  if (!command) return "(none)";
  std::string text;
  format_command(*command, text, false);
  text.resize(text.size() - 2);
  return text;
}

// Runs the client up to the RCPT phase: greeting, EHLO, MAIL accepted.
void reach_recipients(ClientSession& client) {
  REQUIRE(line_of(client.on_reply(reply_of(ReplyText::Greeting))) == "EHLO client.example");
  REQUIRE(line_of(client.on_reply(ehlo_reply())) == "MAIL FROM:<alice@campus.example> SIZE=2048");
  REQUIRE(line_of(client.on_reply(reply_of(ReplyText::SenderOk))) == "RCPT TO:<bob@victim.example>");
}

}  // namespace

TEST_CASE("The client sends EHLO, MAIL, one RCPT per recipient, DATA, the content and QUIT", "[client]") {
  ClientSession client;
  client.start(job_for());
  CHECK(client.state() == ClientState::AwaitGreeting);
  reach_recipients(client);
  CHECK(line_of(client.on_reply(reply_of(ReplyText::RecipientOk))) == "RCPT TO:<carol@victim.example>");
  CHECK(line_of(client.on_reply(reply_of(ReplyText::RecipientOk))) == "RCPT TO:<dave@victim.example>");
  CHECK(line_of(client.on_reply(reply_of(ReplyText::RecipientOk))) == "DATA");
  const auto end_of_data = client.on_reply(reply_of(ReplyText::StartMailInput));
  REQUIRE(end_of_data);
  CHECK(end_of_data->verb == Verb::EndOfData);
  CHECK(end_of_data->size == 2048);
  CHECK(client.results()[0].outcome == RecipientOutcome::Pending);
  Reply queued = reply_of(ReplyText::Queued);
  queued.number = 42;
  CHECK(line_of(client.on_reply(queued)) == "QUIT");
  for (const RecipientResult& result : client.results()) {
    CHECK(result.outcome == RecipientOutcome::Accepted);
    CHECK(result.reply.text == ReplyText::Queued);
    CHECK(result.reply.number == 42);
  }
  CHECK_FALSE(client.done());
  CHECK(line_of(client.on_reply(reply_of(ReplyText::Bye))) == "(none)");
  CHECK(client.done());
  CHECK(line_of(client.on_reply(reply_of(ReplyText::Ok))) == "(none)");
}

TEST_CASE("MAIL carries SIZE only when the server advertised it", "[client]") {
  ClientSession client;
  client.start(job_for());
  client.on_reply(reply_of(ReplyText::Greeting));
  CHECK(line_of(client.on_reply(ehlo_reply(kPipelining))) == "MAIL FROM:<alice@campus.example>");
  CHECK(client.server_capabilities() == kPipelining);
}

TEST_CASE("The null sender goes out as MAIL FROM:<>", "[client]") {
  ClientJob job = job_for(1);
  job.reverse_path = "";
  ClientSession client;
  client.start(job);
  client.on_reply(reply_of(ReplyText::Greeting));
  CHECK(line_of(client.on_reply(ehlo_reply(0))) == "MAIL FROM:<>");
}

TEST_CASE("A 5xx to EHLO falls back to HELO", "[client]") {
  ClientSession client;
  client.start(job_for());
  client.on_reply(reply_of(ReplyText::Greeting));
  CHECK(line_of(client.on_reply(reply_of(ReplyText::CommandUnknown))) == "HELO client.example");
  CHECK(client.state() == ClientState::AwaitHelo);
  CHECK(line_of(client.on_reply(reply_of(ReplyText::HeloOk))) == "MAIL FROM:<alice@campus.example>");
  CHECK(client.server_capabilities() == 0);

  SECTION("and a refused HELO ends the session for every recipient") {
    ClientSession refused;
    refused.start(job_for());
    refused.on_reply(reply_of(ReplyText::Greeting));
    refused.on_reply(reply_of(ReplyText::CommandUnknown));
    CHECK(line_of(refused.on_reply(refusal(550))) == "QUIT");
    for (const auto& result : refused.results()) CHECK(result.outcome == RecipientOutcome::Refused);
  }
}

TEST_CASE("A refused greeting settles every recipient with that reply, then QUITs", "[client]") {
  ClientSession client;
  client.start(job_for());
  Reply not_accepting = make_reply(ReplyText::Greeting);
  not_accepting.code = 554;
  CHECK(line_of(client.on_reply(not_accepting)) == "QUIT");
  for (const auto& result : client.results()) {
    CHECK(result.outcome == RecipientOutcome::Refused);
    CHECK(result.reply.code == 554);
  }
  CHECK(line_of(client.on_reply(reply_of(ReplyText::Bye))) == "(none)");
  CHECK(client.done());
}

TEST_CASE("A 421 at any point defers every undecided recipient and ends without QUIT", "[client]") {
  SECTION("at the greeting") {
    ClientSession client;
    client.start(job_for());
    CHECK(line_of(client.on_reply(reply_of(ReplyText::TooManyConnections))) == "(none)");
    CHECK(client.done());
    for (const auto& result : client.results()) {
      CHECK(result.outcome == RecipientOutcome::Deferred);
      CHECK(result.reply.text == ReplyText::TooManyConnections);
    }
  }
  SECTION("after some recipients were decided") {
    ClientSession client;
    client.start(job_for());
    reach_recipients(client);
    client.on_reply(refusal(554));                // bob refused
    client.on_reply(reply_of(ReplyText::RecipientOk));  // carol accepted, still pending
    CHECK(line_of(client.on_reply(reply_of(ReplyText::TooManyErrors))) == "(none)");
    CHECK(client.results()[0].outcome == RecipientOutcome::Refused);
    CHECK(client.results()[1].outcome == RecipientOutcome::Deferred);
    CHECK(client.results()[2].outcome == RecipientOutcome::Deferred);
  }
}

TEST_CASE("Per-recipient refusals are recorded: with none accepted DATA is skipped", "[client]") {
  ClientSession client;
  client.start(job_for());
  reach_recipients(client);
  CHECK(line_of(client.on_reply(refusal(554))) == "RCPT TO:<carol@victim.example>");
  CHECK(line_of(client.on_reply(refusal(454))) == "RCPT TO:<dave@victim.example>");
  CHECK(line_of(client.on_reply(refusal(550, ReplyText::UnknownLocalUser))) == "QUIT");
  CHECK(client.results()[0].outcome == RecipientOutcome::Refused);
  CHECK(client.results()[0].reply.code == 554);
  CHECK(client.results()[0].reply.arg.empty());
  CHECK(client.results()[1].outcome == RecipientOutcome::Deferred);
  CHECK(client.results()[1].reply.code == 454);
  CHECK(client.results()[2].outcome == RecipientOutcome::Refused);
  CHECK(client.results()[2].reply.text == ReplyText::UnknownLocalUser);
}

TEST_CASE("The end-of-data reply settles only the recipients accepted at RCPT", "[client]") {
  ClientSession client;
  client.start(job_for());
  reach_recipients(client);
  client.on_reply(reply_of(ReplyText::RecipientOk));
  client.on_reply(refusal(554));
  CHECK(line_of(client.on_reply(reply_of(ReplyText::RecipientOk))) == "DATA");
  client.on_reply(reply_of(ReplyText::StartMailInput));
  SECTION("250: accepted") {
    CHECK(line_of(client.on_reply(reply_of(ReplyText::Queued))) == "QUIT");
    CHECK(client.results()[0].outcome == RecipientOutcome::Accepted);
    CHECK(client.results()[2].outcome == RecipientOutcome::Accepted);
  }
  SECTION("4xx: deferred") {
    CHECK(line_of(client.on_reply(refusal(451))) == "QUIT");
    CHECK(client.results()[0].outcome == RecipientOutcome::Deferred);
    CHECK(client.results()[2].outcome == RecipientOutcome::Deferred);
  }
  SECTION("5xx: refused") {
    CHECK(line_of(client.on_reply(reply_of(ReplyText::MessageTooBig))) == "QUIT");
    CHECK(client.results()[0].outcome == RecipientOutcome::Refused);
    CHECK(client.results()[2].reply.text == ReplyText::MessageTooBig);
  }
  CHECK(client.results()[1].outcome == RecipientOutcome::Refused);
  CHECK(client.results()[1].reply.text == ReplyText::RelayDenied);
}

TEST_CASE("A refused MAIL or DATA settles every undecided recipient with that reply", "[client]") {
  SECTION("MAIL refused permanently") {
    ClientSession client;
    client.start(job_for());
    client.on_reply(reply_of(ReplyText::Greeting));
    client.on_reply(ehlo_reply());
    CHECK(line_of(client.on_reply(reply_of(ReplyText::MessageTooBig))) == "QUIT");
    for (const auto& result : client.results()) CHECK(result.outcome == RecipientOutcome::Refused);
  }
  SECTION("MAIL refused temporarily") {
    ClientSession client;
    client.start(job_for());
    client.on_reply(reply_of(ReplyText::Greeting));
    client.on_reply(ehlo_reply());
    CHECK(line_of(client.on_reply(refusal(451))) == "QUIT");
    for (const auto& result : client.results()) CHECK(result.outcome == RecipientOutcome::Deferred);
  }
  SECTION("DATA refused") {
    ClientSession client;
    client.start(job_for());
    reach_recipients(client);
    client.on_reply(reply_of(ReplyText::RecipientOk));
    client.on_reply(refusal(554));
    client.on_reply(reply_of(ReplyText::RecipientOk));
    CHECK(line_of(client.on_reply(reply_of(ReplyText::NoValidRecipients))) == "QUIT");
    CHECK(client.results()[0].outcome == RecipientOutcome::Refused);
    CHECK(client.results()[0].reply.text == ReplyText::NoValidRecipients);
    CHECK(client.results()[1].reply.text == ReplyText::RelayDenied);
  }
}

TEST_CASE("With credentials and AUTH advertised the client authenticates before MAIL", "[client][auth]") {
  ClientJob job = job_for(1);
  job.credentials = Credentials{"alice", "secret", false};
  const std::uint8_t with_auth = kSize | kAuthPlain | kAuthLogin;

  SECTION("AUTH PLAIN sends base64(NUL user NUL password) as the initial response") {
    ClientSession client;
    client.start(job);
    client.on_reply(reply_of(ReplyText::Greeting));
    CHECK(line_of(client.on_reply(ehlo_reply(with_auth))) == "AUTH PLAIN AGFsaWNlAHNlY3JldA==");
    CHECK(client.state() == ClientState::AwaitAuth);
    CHECK(line_of(client.on_reply(reply_of(ReplyText::AuthSucceeded))) == "MAIL FROM:<alice@campus.example> SIZE=2048");
  }
  SECTION("AUTH LOGIN answers the Username: and Password: challenges") {
    job.credentials->use_login = true;
    ClientSession client;
    client.start(job);
    client.on_reply(reply_of(ReplyText::Greeting));
    CHECK(line_of(client.on_reply(ehlo_reply(with_auth))) == "AUTH LOGIN");
    Reply challenge = reply_of(ReplyText::AuthChallenge);
    challenge.number = 1;
    CHECK(line_of(client.on_reply(challenge)) == "YWxpY2U=");
    challenge.number = 2;
    CHECK(line_of(client.on_reply(challenge)) == "c2VjcmV0");
    CHECK(client.state() == ClientState::AwaitAuthChallenge);
    CHECK(line_of(client.on_reply(reply_of(ReplyText::AuthSucceeded))) == "MAIL FROM:<alice@campus.example> SIZE=2048");
    SECTION("a third challenge is cancelled with *") {
      ClientSession odd;
      odd.start(job);
      odd.on_reply(reply_of(ReplyText::Greeting));
      odd.on_reply(ehlo_reply(with_auth));
      odd.on_reply(challenge);
      odd.on_reply(challenge);
      CHECK(line_of(odd.on_reply(challenge)) == "*");
      CHECK(line_of(odd.on_reply(reply_of(ReplyText::AuthCancelled))) == "QUIT");
    }
  }
  SECTION("the other mechanism is used when the preferred one is not offered") {
    ClientSession client;
    client.start(job);
    client.on_reply(reply_of(ReplyText::Greeting));
    CHECK(line_of(client.on_reply(ehlo_reply(kAuthLogin))) == "AUTH LOGIN");
  }
  SECTION("AUTH is skipped when the server does not offer it") {
    ClientSession client;
    client.start(job);
    client.on_reply(reply_of(ReplyText::Greeting));
    CHECK(line_of(client.on_reply(ehlo_reply(kSize))) == "MAIL FROM:<alice@campus.example> SIZE=2048");
  }
}

TEST_CASE("A command viewing the AUTH buffer stays valid when the session is moved", "[client][auth]") {
  ClientJob job = job_for(1);
  job.credentials = Credentials{"alice", "secret", true};
  ClientSession client;
  client.start(job);
  client.on_reply(reply_of(ReplyText::Greeting));
  client.on_reply(ehlo_reply(kAuthLogin));
  const std::optional<Command> username = client.on_reply(reply_of(ReplyText::AuthChallenge));
  ClientSession moved(std::move(client));
  CHECK(line_of(username) == "YWxpY2U=");
  CHECK(moved.state() == ClientState::AwaitAuthChallenge);
}

TEST_CASE("A failed AUTH gives up: 535 refuses, 454 defers, then QUIT", "[client][auth]") {
  ClientJob job = job_for(2);
  job.credentials = Credentials{"alice", "wrong", false};
  ClientSession client;
  client.start(job);
  client.on_reply(reply_of(ReplyText::Greeting));
  client.on_reply(ehlo_reply(kAuthPlain));
  SECTION("535") {
    CHECK(line_of(client.on_reply(reply_of(ReplyText::AuthFailed))) == "QUIT");
    for (const auto& result : client.results()) {
      CHECK(result.outcome == RecipientOutcome::Refused);
      CHECK(result.reply.text == ReplyText::AuthFailed);
    }
  }
  SECTION("454") {
    CHECK(line_of(client.on_reply(reply_of(ReplyText::AuthTemporaryFailure))) == "QUIT");
    for (const auto& result : client.results()) CHECK(result.outcome == RecipientOutcome::Deferred);
  }
}

TEST_CASE("A lost connection defers every undecided recipient", "[client]") {
  ClientSession client;
  client.start(job_for());
  reach_recipients(client);
  client.on_reply(refusal(554));
  client.on_reply(reply_of(ReplyText::RecipientOk));
  client.on_connection_lost();
  CHECK(client.done());
  CHECK(client.results()[0].outcome == RecipientOutcome::Refused);
  CHECK(client.results()[1].outcome == RecipientOutcome::Deferred);
  CHECK(client.results()[1].reply.text == ReplyText::ConnectionLost);
  CHECK(client.results()[2].outcome == RecipientOutcome::Deferred);
}

TEST_CASE("start() reuses the session for the next job", "[client]") {
  ClientSession client;
  client.start(job_for());
  reach_recipients(client);
  client.on_connection_lost();
  client.start(job_for(1));
  CHECK(client.state() == ClientState::AwaitGreeting);
  REQUIRE(client.results().size() == 1);
  CHECK(client.results()[0].outcome == RecipientOutcome::Pending);
  CHECK(client.server_capabilities() == 0);
  reach_recipients(client);
}

TEST_CASE("A job without recipients sends MAIL and then QUIT", "[client]") {
  ClientSession client;
  client.start(job_for(0));
  client.on_reply(reply_of(ReplyText::Greeting));
  client.on_reply(ehlo_reply());
  CHECK(line_of(client.on_reply(reply_of(ReplyText::SenderOk))) == "QUIT");
  CHECK(client.results().empty());
}

namespace {

// Runs the client to its pipelined group and returns the group's command lines.
std::vector<std::string> pipelined_group(ClientSession& client) {
  std::vector<std::string> group;
  REQUIRE(line_of(client.on_reply(reply_of(ReplyText::Greeting))) == "EHLO client.example");
  group.push_back(line_of(client.on_reply(ehlo_reply())));
  while (auto next = client.next_in_group()) group.push_back(line_of(next));
  return group;
}

ClientJob pipelining_job() {
  ClientJob job = job_for();
  job.pipelining = true;
  return job;
}

}  // namespace

TEST_CASE("With PIPELINING offered, MAIL, every RCPT and DATA go out as one group, then the content with QUIT",
          "[client][pipelining]") {
  ClientSession client;
  client.start(pipelining_job());
  CHECK(pipelined_group(client) ==
        std::vector<std::string>{"MAIL FROM:<alice@campus.example> SIZE=2048", "RCPT TO:<bob@victim.example>",
                                 "RCPT TO:<carol@victim.example>", "RCPT TO:<dave@victim.example>", "DATA"});
  // Every reply of the group is read before anything else is sent.
  CHECK_FALSE(client.on_reply(reply_of(ReplyText::SenderOk)));
  CHECK_FALSE(client.on_reply(reply_of(ReplyText::RecipientOk)));
  CHECK_FALSE(client.on_reply(refusal(554)));
  CHECK_FALSE(client.on_reply(reply_of(ReplyText::RecipientOk)));
  CHECK_FALSE(client.done());
  CHECK(line_of(client.on_reply(reply_of(ReplyText::StartMailInput))) == "<message content, 2048 octets>\r\n.");
  // QUIT rides behind the dot, as Postfix's client sends it: the dot's reply asks for nothing.
  CHECK(line_of(client.next_in_group()) == "QUIT");
  CHECK_FALSE(client.next_in_group());
  CHECK_FALSE(client.on_reply(reply_of(ReplyText::Queued)));
  CHECK_FALSE(client.done());
  CHECK_FALSE(client.on_reply(reply_of(ReplyText::Bye)));
  CHECK(client.done());
  CHECK(client.results()[0].outcome == RecipientOutcome::Accepted);
  CHECK(client.results()[1].outcome == RecipientOutcome::Refused);
  CHECK(client.results()[1].reply.code == 554);
  CHECK(client.results()[2].outcome == RecipientOutcome::Accepted);
}

TEST_CASE("In a pipelined group a refused MAIL decides every recipient, whatever follows", "[client][pipelining]") {
  ClientSession client;
  client.start(pipelining_job());
  pipelined_group(client);
  Reply refused = make_reply(ReplyText::BadSenderSyntax);
  CHECK_FALSE(client.on_reply(refused));
  for (int i = 0; i < 3; ++i) CHECK_FALSE(client.on_reply(make_reply(ReplyText::BadSequence, "need MAIL command")));
  CHECK(line_of(client.on_reply(make_reply(ReplyText::BadSequence, "need RCPT command"))) == "QUIT");
  for (const auto& result : client.results()) {
    CHECK(result.outcome == RecipientOutcome::Refused);
    CHECK(result.reply.text == ReplyText::BadSenderSyntax);
  }
}

TEST_CASE("In a pipelined group with every recipient refused, DATA's refusal ends the session", "[client][pipelining]") {
  ClientSession client;
  client.start(pipelining_job());
  pipelined_group(client);
  CHECK_FALSE(client.on_reply(reply_of(ReplyText::SenderOk)));
  for (int i = 0; i < 3; ++i) CHECK_FALSE(client.on_reply(refusal(554)));
  CHECK(line_of(client.on_reply(reply_of(ReplyText::NoValidRecipients))) == "QUIT");
  for (const auto& result : client.results()) CHECK(result.reply.code == 554);
}

TEST_CASE("Without PIPELINING offered, a pipelining client waits for each reply", "[client][pipelining]") {
  ClientSession client;
  client.start(pipelining_job());
  REQUIRE(line_of(client.on_reply(reply_of(ReplyText::Greeting))) == "EHLO client.example");
  REQUIRE(line_of(client.on_reply(ehlo_reply(kSize))) == "MAIL FROM:<alice@campus.example> SIZE=2048");
  CHECK_FALSE(client.next_in_group());
  CHECK(line_of(client.on_reply(reply_of(ReplyText::SenderOk))) == "RCPT TO:<bob@victim.example>");
}

namespace {

// Runs a pipelining client through an accepted envelope to the end of data and QUIT behind it.
void send_content_and_quit(ClientSession& client) {
  client.start(pipelining_job());
  pipelined_group(client);
  CHECK_FALSE(client.on_reply(reply_of(ReplyText::SenderOk)));
  for (int i = 0; i < 3; ++i) CHECK_FALSE(client.on_reply(reply_of(ReplyText::RecipientOk)));
  REQUIRE(client.on_reply(reply_of(ReplyText::StartMailInput)));
  REQUIRE(line_of(client.next_in_group()) == "QUIT");
}

}  // namespace

TEST_CASE("A refused end of data still settles the recipients when QUIT went behind the dot", "[client][pipelining]") {
  ClientSession client;
  send_content_and_quit(client);
  CHECK_FALSE(client.on_reply(refusal(554)));
  for (const auto& result : client.results()) CHECK(result.outcome == RecipientOutcome::Refused);
}

TEST_CASE("A 421 instead of the dot's reply defers the recipients: QUIT's reply never comes", "[client][pipelining]") {
  ClientSession client;
  send_content_and_quit(client);
  CHECK_FALSE(client.on_reply(reply_of(ReplyText::TooManyConnections)));
  CHECK(client.done());
  for (const auto& result : client.results()) CHECK(result.outcome == RecipientOutcome::Deferred);
}
