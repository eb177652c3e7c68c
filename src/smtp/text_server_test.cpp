// The byte adapter: whole dialogues as byte strings, as swaks or smtplib would send them.
#include "smtp/text_server.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "smtp/fake_policy_test.h"

using namespace relaysim::smtp;
using relaysim::smtp::testing::FakePolicy;

namespace {

constexpr std::uint32_t kClientIp = 0xC0000207;

struct Listener {
  explicit Listener(bool auth_enabled = false) {
    config.hostname = "mx.campus.example";
    config.auth_enabled = auth_enabled;
    greeting = std::string(text.open(kClientIp));
  }
  std::string feed(std::string_view bytes) { return std::string(text.feed(bytes)); }

  FakePolicy policy;
  ServerConfig config;
  ServerSession session{config, policy, kClientIp};
  TextServer text{session, ServerIdentity{"mx.campus.example"}};
  std::string greeting;
};

const std::string kEhloReply =
    "250-mx.campus.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n";

const std::string kTransaction =
    "MAIL FROM:<sender@elsewhere.example>\r\n"
    "RCPT TO:<bob@campus.example>\r\n"
    "RCPT TO:<carol@victim.example>\r\n"
    "DATA\r\n";

const std::string kContent =
    "From: sender@elsewhere.example\r\n"
    "Subject: test\r\n"
    "\r\n"
    "..a line that starts with a dot\r\n"
    ".\r\n";

// Each line with its CRLF: 30 + 2, 13 + 2, the empty line 2, the unstuffed ".a line..." 30 + 2.
constexpr std::uint64_t kContentOctets = 32 + 15 + 2 + 32;

const std::string kTransactionReplies =
    "250 2.1.0 Ok\r\n"
    "250 2.1.5 Ok\r\n"
    "554 5.7.1 <carol@victim.example>: Relay access denied\r\n"
    "354 End data with <CR><LF>.<CR><LF>\r\n";

}  // namespace

TEST_CASE("A swaks-like dialogue gets each reply as its line arrives", "[text-server]") {
  Listener listener;
  CHECK(listener.greeting == "220 mx.campus.example ESMTP relaysim\r\n");
  CHECK(listener.feed("EHLO client.example\r\n") == kEhloReply);
  CHECK(listener.feed("MAIL FROM:<sender@elsewhere.example>\r\n") == "250 2.1.0 Ok\r\n");
  CHECK(listener.feed("RCPT TO:<bob@campus.example>\r\n") == "250 2.1.5 Ok\r\n");
  CHECK(listener.feed("DATA\r\n") == "354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(listener.text.receiving_data());
  CHECK(listener.feed("Subject: test\r\n\r\nhello\r\n") == "");
  CHECK(listener.feed(".\r\n") == "250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  CHECK_FALSE(listener.text.receiving_data());
  CHECK(listener.policy.last_size == 15 + 2 + 7);
  CHECK(listener.feed("QUIT\r\n") == "221 2.0.0 Bye\r\n");
  CHECK(listener.text.closed());
}

TEST_CASE("A pipelined transaction in one feed gets every reply, in order", "[text-server]") {
  Listener listener;
  const std::string replies = listener.feed("EHLO client.example\r\n" + kTransaction + kContent + "QUIT\r\n");
  CHECK(replies == kEhloReply + kTransactionReplies + "250 2.0.0 Ok: queued as 4F1A2B01\r\n" + "221 2.0.0 Bye\r\n");
  CHECK(listener.policy.last_size == kContentOctets);
  CHECK(listener.text.message_octets() == kContentOctets);
  CHECK(listener.policy.last_recipients == std::vector<std::string>{"bob@campus.example"});
}

TEST_CASE("Bytes split anywhere give the same replies", "[text-server]") {
  const std::string dialogue = "EHLO client.example\r\n" + kTransaction + kContent + "QUIT\r\n";
  Listener whole;
  const std::string expected = whole.feed(dialogue);
  Listener trickle;
  std::string replies;
  for (char byte : dialogue) replies += trickle.feed(std::string_view(&byte, 1));
  CHECK(replies == expected);
  CHECK(trickle.policy.last_size == kContentOctets);
}

TEST_CASE("Bare LF line endings are tolerated", "[text-server]") {
  Listener listener;
  CHECK(listener.feed("HELO client.example\nMAIL FROM:<>\nRCPT TO:<bob@campus.example>\nDATA\nhi\n.\n") ==
        "250 mx.campus.example\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
        "250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  CHECK(listener.policy.last_size == 4);
}

TEST_CASE("Data lines are dot-unstuffed; only a lone dot ends the message", "[text-server]") {
  Listener listener;
  listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n");
  CHECK(listener.feed("..\r\n. \r\n.x\r\n") == "");
  CHECK(listener.text.receiving_data());
  CHECK(listener.feed(".\r\n") == "250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  // "." + CRLF, " " + CRLF (". " unstuffed), "x" + CRLF
  CHECK(listener.policy.last_size == 3 + 3 + 3);
}

TEST_CASE("An over-long command line gets 500 5.5.2 and the session goes on", "[text-server]") {
  Listener listener;
  const std::string long_line = "NOOP " + std::string(600, 'x') + "\r\n";
  CHECK(listener.feed(long_line) == "500 5.5.2 Error: line too long\r\n");
  CHECK(listener.session.errors() == 1);
  SECTION("also when it arrives in pieces") {
    CHECK(listener.feed(long_line.substr(0, 300)) == "");
    CHECK(listener.feed(long_line.substr(300)) == "500 5.5.2 Error: line too long\r\n");
  }
  CHECK(listener.feed("HELO client.example\r\n") == "250 mx.campus.example\r\n");
  CHECK(listener.feed("NOOP " + std::string(505, 'x') + "\r\n") == "250 2.0.0 Ok\r\n");
}

// RFC 5321 4.5.3.1.6 limits a text line to 1000 octets with its CRLF; 4.5.3.1.10 names
// "500 Line too long" for it. Only the final dot can carry the reply; the session goes on.
// (Until the live listener, such lines were only counted: now a real client meets the limit.)
TEST_CASE("A message with a text line over 1000 octets gets 500 5.5.2 at the dot; the session goes on",
          "[text-server]") {
  Listener listener;
  listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n");
  listener.feed(std::string(998, 'a') + "\r\n");
  listener.feed(std::string(999, 'b') + "\r\n");
  listener.feed(std::string(5000, 'c') + "\r\n");
  CHECK(listener.feed(".\r\n") == "500 5.5.2 Error: line too long\r\n");
  CHECK(listener.text.long_text_lines() == 2);
  CHECK(listener.text.message_octets() == 1000 + 1001 + 5002);
  CHECK(listener.policy.last_size == 0);  // the policy never saw the message
  CHECK(listener.session.errors() == 1);
  CHECK(listener.session.state() == ServerState::Ready);
  CHECK(listener.feed("MAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n" + std::string(998, 'a') +
                      "\r\n.\r\n") ==
        "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  CHECK(listener.policy.last_size == 1000);

  SECTION("a message over the size limit still gets 552 5.3.4") {
    listener.config.message_size_limit = 2000;
    listener.feed("MAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n" + std::string(3000, 'd') + "\r\n");
    CHECK(listener.feed(".\r\n") == "552 5.3.4 Message size exceeds fixed limit\r\n");
    CHECK(listener.session.state() == ServerState::Ready);
  }
}

namespace {

// Collects what a TextServer::Observer is told, as "verb|argument -> code".
struct Exchanges final : TextServer::Observer {
  void exchanged(const Command* command, const Reply& reply) override {
    std::string entry = command ? std::string(verb_name(command->verb)) + "|" + std::string(command->argument) : "-";
    seen.push_back(entry + " -> " + std::to_string(reply.code));
  }
  std::vector<std::string> seen;
};

}  // namespace

TEST_CASE("The observer hears every reply with the command it answers, in order", "[text-server]") {
  FakePolicy policy;
  ServerConfig config;
  config.hostname = "mx.campus.example";
  config.auth_enabled = true;
  ServerSession session(config, policy, kClientIp);
  TextServer text(session, ServerIdentity{"mx.campus.example"});
  Exchanges exchanges;
  text.set_observer(&exchanges);
  text.open(kClientIp);
  text.feed("EHLO c\r\nAUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\n\x01\x02junk\r\nMAIL FROM:<>\r\n"
            "RCPT TO:<bob@campus.example>\r\nDATA\r\nhi\r\n.\r\n");
  const std::vector<std::string> expected{
      "- -> 220",
      "EHLO|c -> 250",
      "AUTH|LOGIN -> 334",
      "AUTH|YWxpY2U= -> 334",  // AUTH continuation lines: Verb::AuthResponse
      "AUTH|c2VjcmV0 -> 235",
      "UNKNOWN|\x01\x02junk -> 500",
      "MAIL| -> 250",
      "RCPT|bob@campus.example -> 250",
      "DATA| -> 354",
      "END-OF-MESSAGE| -> 250",
  };
  CHECK(exchanges.seen == expected);
}

TEST_CASE("AUTH continuation lines go to the SASL exchange, not the command parser", "[text-server]") {
  Listener listener(true);
  listener.feed("EHLO client.example\r\n");
  CHECK(listener.feed("AUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\n") ==
        "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n");
  CHECK(listener.session.facts().authenticated_user == "alice");

  SECTION("a line that looks like a command is still a response") {
    Listener other(true);
    other.feed("EHLO client.example\r\n");
    CHECK(other.feed("AUTH PLAIN\r\nQUIT\r\n") == "334 \r\n535 5.7.8 Error: authentication failed\r\n");
    CHECK_FALSE(other.text.closed());
  }
  SECTION("an over-long response ends the exchange with 500 5.5.6") {
    Listener other(true);
    other.feed("EHLO client.example\r\nAUTH PLAIN\r\n");
    CHECK(other.feed(std::string(kMaxAuthLine + 10, 'A') + "\r\n") == "500 5.5.6 SASL response limit exceeded\r\n");
    CHECK_FALSE(other.session.awaiting_auth_response());
  }
}

TEST_CASE("After DATA is refused the content is read as commands, as on a real server", "[text-server]") {
  Listener listener;
  CHECK(listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<carol@victim.example>\r\nDATA\r\n"
                      "hello\r\n.\r\n") ==
        "250 mx.campus.example\r\n250 2.1.0 Ok\r\n554 5.7.1 <carol@victim.example>: Relay access denied\r\n"
        "554 5.5.1 Error: no valid recipients\r\n"
        "500 5.5.1 Error: command not recognized\r\n"
        "500 5.5.1 Error: command not recognized\r\n");
  CHECK_FALSE(listener.text.receiving_data());
}

TEST_CASE("Input after QUIT or a 421 is ignored", "[text-server]") {
  Listener listener;
  CHECK(listener.feed("QUIT\r\nNOOP\r\nNOOP\r\n") == "221 2.0.0 Bye\r\n");
  CHECK(listener.feed("NOOP\r\n") == "");

  Listener noisy;
  std::string junk;
  for (int i = 0; i < 25; ++i) junk += "EXPN staff\r\n";
  const std::string replies = noisy.feed(junk);
  CHECK(replies.ends_with("500 5.5.1 Error: command not recognized\r\n"
                          "421 4.7.0 mx.campus.example Error: too many errors\r\n"));
  CHECK(noisy.text.closed());
}

TEST_CASE("open() restarts the adapter and its session", "[text-server]") {
  Listener listener;
  listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\npartial");
  CHECK(listener.text.open(kClientIp) == "220 mx.campus.example ESMTP relaysim\r\n");
  CHECK_FALSE(listener.text.receiving_data());
  CHECK(listener.feed("HELO client.example\r\n") == "250 mx.campus.example\r\n");
}
