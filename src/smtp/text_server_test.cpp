// The byte adapter: whole dialogues as byte strings, as swaks or smtplib would send them.
#include "smtp/text_server.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "smtp/fake_policy_test.h"

using namespace relaysim::smtp;
using relaysim::smtp::testing::FakePolicy;

namespace {

constexpr std::uint32_t kLineClientIp = 0xC0000207;

struct Listener {
  explicit Listener(bool auth_enabled = false) {
    config.hostname = "mx.campus.example";
    config.auth_enabled = auth_enabled;
    greeting = std::string(text.open(kLineClientIp));
  }
  std::string feed(std::string_view bytes) { return std::string(text.feed(bytes)); }

  FakePolicy policy;
  ServerConfig config;
  ServerSession session{config, policy, kLineClientIp};
  TextServer text{session, ServerIdentity{"mx.campus.example"}};
  std::string greeting;
};

const std::string kEhloReply =
    "250-mx.campus.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n"
    "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n";

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

TEST_CASE("Data lines are dot-unstuffed: only a lone dot ends the message", "[text-server]") {
  Listener listener;
  listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n");
  CHECK(listener.feed("..\r\n. \r\n.x\r\n") == "");
  CHECK(listener.text.receiving_data());
  CHECK(listener.feed(".\r\n") == "250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  // "." + CRLF, " " + CRLF (". " unstuffed), "x" + CRLF
  CHECK(listener.policy.last_size == 3 + 3 + 3);
}

TEST_CASE("A kept message reaches the policy as the client wrote it, dot-unstuffed, lines ending in LF",
          "[text-server]") {
  Listener listener;
  listener.text.keep_content(true);
  listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n");
  listener.feed("Subject: hola\r\n\r\n..oculta\r\nse\xc3\xb1or\n.\r\n");
  CHECK(listener.policy.last_content == "Subject: hola\n\n.oculta\nse\xc3\xb1or\n");
  // BDAT: the chunks joined, nothing unstuffed.
  listener.feed("MAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nBDAT 8\r\nA: b\r\n\r\nBDAT 4 LAST\r\n.x\r\n");
  CHECK(listener.policy.last_content == "A: b\n\n.x\n");
}

TEST_CASE("Without keep_content the policy gets no content", "[text-server]") {
  Listener listener;
  listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\nSubject: x\r\n.\r\n");
  CHECK(listener.policy.last_content.empty());
  CHECK(listener.policy.last_size == 12);
}

TEST_CASE("Lines end at LF: every CR before it goes, a CR inside a line is a space", "[text-server]") {
  Listener listener;
  CHECK(listener.feed("NOOP\r\r\n") == "250 2.0.0 Ok\r\n");
  CHECK(listener.feed("NOOP\rNOOP\r\n") == "250 2.0.0 Ok\r\n");
  CHECK(listener.feed("NOOP\n\rQUIT\r\n") == "250 2.0.0 Ok\r\n221 2.0.0 Bye\r\n");
}

TEST_CASE("Bytes from a NUL on are ignored, and a command line must be UTF-8", "[text-server]") {
  Listener listener;
  CHECK(listener.feed(std::string_view("NOOP\0junk\r\n", 11)) == "250 2.0.0 Ok\r\n");
  CHECK(listener.feed(std::string_view("\0\r\n", 3)) == "500 5.5.2 Error: bad syntax\r\n");
  CHECK(listener.feed("EHLO cl\xef" "ent.example\r\n") == "500 5.5.2 Error: bad UTF-8 syntax\r\n");
  CHECK(listener.session.errors() == 2);
}

TEST_CASE("A command line is read up to 2048 octets: the rest of a longer one is discarded", "[text-server]") {
  Listener listener;
  CHECK(listener.feed("NOOP " + std::string(5000, 'x') + "\r\n") == "250 2.0.0 Ok\r\n");
  CHECK(listener.feed(std::string(5000, 'Z') + "\r\n") == "500 5.5.2 Error: command not recognized\r\n");
  SECTION("also when it arrives in pieces; the reply waits for its LF") {
    const std::string line = "NOOP " + std::string(3000, 'x') + "\r\n";
    CHECK(listener.feed(line.substr(0, 2500)) == "");
    CHECK(listener.feed(line.substr(2500)) == "250 2.0.0 Ok\r\n");
  }
  SECTION("what was kept is the command: a path cut short has no closing bracket") {
    CHECK(listener.feed("HELO client.example\r\nMAIL FROM:<" + std::string(3000, 's') + "@x.example>\r\n") ==
          "250 mx.campus.example\r\n501 5.1.7 Bad sender address syntax\r\n");
  }
  SECTION("a CR at the 2048th octet waits for the next one: a LF ends the line there") {
    CHECK(listener.feed("NOOP " + std::string(2041, 'x') + "\r\r\n") == "250 2.0.0 Ok\r\n");
  }
  SECTION("a CR at the 2048th octet with no LF after it: the rest is discarded all the same") {
    CHECK(listener.feed("NOOP " + std::string(2042, 'x') + "\rNOOP\r\n") == "250 2.0.0 Ok\r\n");
    CHECK(listener.feed("NOOP " + std::string(2042, 'x') + "\r\r\n") == "250 2.0.0 Ok\r\n");
  }
  CHECK(listener.feed("HELO client.example\r\n") == "250 mx.campus.example\r\n");
}

// Postfix reads message content in pieces of line_length_limit octets: a longer line is several
// pieces (each counted with 2 for a line end), and only a whole line "." ends the message.
TEST_CASE("Message lines of any length are accepted and counted as Postfix counts them", "[text-server]") {
  Listener listener;
  listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n");
  listener.feed(std::string(998, 'a') + "\r\n");
  listener.feed(std::string(999, 'b') + "\r\n");
  listener.feed(std::string(5000, 'c') + "\r\n");
  listener.feed("." + std::string(2047, 'd') + ".\r\n");  // a dot after a full piece is content
  CHECK(listener.feed(".\r\r\n") == "250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  CHECK(listener.text.message_octets() == 1000 + 1001 + (2050 + 2050 + 906) + (2049 + 3));
  CHECK(listener.policy.last_size == listener.text.message_octets());

  SECTION("a message over the size limit gets 552 5.3.4 at the dot") {
    listener.config.message_size_limit = 2000;
    listener.feed("MAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\n" + std::string(3000, 'd') + "\r\n");
    CHECK(listener.feed(".\r\n") == "552 5.3.4 Error: message file too big\r\n");
    CHECK(listener.session.state() == ServerState::Ready);
  }
}

TEST_CASE("BDAT chunks are read by count, across feeds, and counted as Postfix counts them", "[text-server][bdat]") {
  Listener listener;
  listener.feed("EHLO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\n");
  CHECK(listener.feed("BDAT 3\r\nab") == "");
  CHECK(listener.feed("\rBDAT 4 LAST\r\ncd\r\n") == "250 2.0.0 Ok: 3 bytes\r\n250 2.0.0 Ok: 7 bytes queued as 4F1A2B01\r\n");
  CHECK(listener.policy.last_size == 7);  // "ab\rcd": one line of the message, the chunks joined

  SECTION("a line longer than 2048 octets is pieces; a CR at the bound stays when no LF follows") {
    listener.feed("MAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\n");
    const std::string chunk = std::string(2047, 'x') + "\ry\r\n";
    CHECK(listener.feed("BDAT " + std::to_string(chunk.size()) + " LAST\r\n" + chunk) ==
          "250 2.0.0 Ok: 2053 bytes queued as 4F1A2B02\r\n");
  }
  SECTION("a refused chunk is read and discarded all the same") {
    CHECK(listener.feed("BDAT 4 LAST\r\nQUIT") == "503 5.5.1 Error: need RCPT command\r\n");
    CHECK(listener.feed("BDAT 0 LAST\r\nNOOP\r\n") == "503 5.5.1 Error: need RCPT command\r\n250 2.0.0 Ok\r\n");
    CHECK_FALSE(listener.text.closed());
  }
  SECTION("a malformed BDAT ends the session") {
    CHECK(listener.feed("BDAT many\r\nNOOP\r\n") == "521 5.5.4 Syntax: BDAT count [LAST]\r\n");
    CHECK(listener.text.closed());
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
  ServerSession session(config, policy, kLineClientIp);
  TextServer text(session, ServerIdentity{"mx.campus.example"});
  Exchanges exchanges;
  text.set_observer(&exchanges);
  text.open(kLineClientIp);
  text.feed("EHLO c\r\nAUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\nXYZZY junk\r\nMAIL FROM:<>\r\n"
            "RCPT TO:<bob@campus.example>\r\nDATA\r\nhi\r\n.\r\n");
  const std::vector<std::string> expected{
      "- -> 220",
      "EHLO|c -> 250",
      "AUTH|LOGIN -> 334",
      "AUTH|YWxpY2U= -> 334",  // AUTH continuation lines: Verb::AuthResponse
      "AUTH|c2VjcmV0 -> 235",
      "UNKNOWN|XYZZY junk -> 500",
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
    CHECK(other.feed("AUTH PLAIN\r\nQUIT\r\n") == "334 \r\n535 5.7.8 Error: authentication failed: bad protocol / cancel\r\n");
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
                      "hello\r\n.\r\nQUIT\r\n") ==
        "250 mx.campus.example\r\n250 2.1.0 Ok\r\n554 5.7.1 <carol@victim.example>: Relay access denied\r\n"
        "554 5.5.1 Error: no valid recipients\r\n"
        "500 5.5.2 Error: command not recognized\r\n"
        "221 2.7.0 Error: I can break rules, too. Goodbye.\r\n");  // "." starts with no letter
  CHECK_FALSE(listener.text.receiving_data());
  CHECK(listener.text.closed());

  SECTION("a header line is no SMTP command either") {
    Listener other;
    CHECK(other.feed("Subject: hello\r\nNOOP\r\n") == "221 2.7.0 Error: I can break rules, too. Goodbye.\r\n");
  }
}

TEST_CASE("Input after QUIT or a 421 is ignored", "[text-server]") {
  Listener listener;
  CHECK(listener.feed("QUIT\r\nNOOP\r\nNOOP\r\n") == "221 2.0.0 Bye\r\n");
  CHECK(listener.feed("NOOP\r\n") == "");

  Listener noisy;
  std::string junk;
  for (int i = 0; i < 25; ++i) junk += "EXPN staff\r\n";
  const std::string replies = noisy.feed(junk);
  CHECK(replies.ends_with("500 5.5.2 Error: command not recognized\r\n"
                          "421 4.7.0 mx.campus.example Error: too many errors\r\n"));
  CHECK(noisy.text.closed());
}

TEST_CASE("open() restarts the adapter and its session", "[text-server]") {
  Listener listener;
  listener.feed("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<bob@campus.example>\r\nDATA\r\npartial");
  CHECK(listener.text.open(kLineClientIp) == "220 mx.campus.example ESMTP relaysim\r\n");
  CHECK_FALSE(listener.text.receiving_data());
  CHECK(listener.feed("HELO client.example\r\n") == "250 mx.campus.example\r\n");
}
