// The server state machine, driven by command lines through the parser so each test reads
// like a dialogue; replies are compared as the wire text a client would see.
#include "smtp/server_session.h"

#include <catch2/catch.hpp>
#include <string>

#include "smtp/fake_policy_test.h"
#include "smtp/wire.h"

using namespace relaysim::smtp;
using relaysim::smtp::testing::FakePolicy;

namespace {

constexpr std::uint32_t kClientIp = 0xC0000207;  // 192.0.2.7

// A server with its config and policy, answering lines as a text listener would.
struct Server {
  explicit Server(ServerConfig server_config = {}) : config(with_hostname(server_config)), session(config, policy, kClientIp) {}

  static ServerConfig with_hostname(ServerConfig server_config) {
    server_config.hostname = "mx.campus.example";
    return server_config;
  }

  // The reply's wire text, CRLFs included (multi-line replies keep every line).
  std::string say(std::string_view line) {
    const ParsedLine parsed = parse_command_line(line);
    const Reply reply = std::holds_alternative<Command>(parsed) ? session.handle(std::get<Command>(parsed))
                                                                : session.handle_parse_error(std::get<Reply>(parsed));
    return text_of(reply);
  }

  std::string respond(std::string_view base64_line) {
    Command response;
    response.verb = Verb::AuthResponse;
    response.argument = base64_line;
    return text_of(session.handle(response));
  }

  std::string end_data(std::uint64_t size) {
    Command end;
    end.verb = Verb::EndOfData;
    end.size = size;
    return text_of(session.handle(end));
  }

  std::string text_of(const Reply& reply) const {
    std::string text;
    format_reply(reply, ServerIdentity{config.hostname}, text);
    return text;
  }

  FakePolicy policy;
  ServerConfig config;
  ServerSession session;
};

ServerConfig auth_config() {
  ServerConfig config;
  config.auth_enabled = true;
  return config;
}

ServerConfig submission_config() {
  ServerConfig config = auth_config();
  config.submission = true;
  return config;
}

const std::string kPlainAlice = "AGFsaWNlAHNlY3JldA==";  // base64("\0alice\0secret")

}  // namespace

TEST_CASE("A session opens with a 220 greeting and waits for HELO/EHLO", "[server]") {
  Server server;
  CHECK(server.text_of(server.session.open(kClientIp)) == "220 mx.campus.example ESMTP relaysim\r\n");
  CHECK(server.session.state() == ServerState::Connected);
  CHECK(server.session.facts().client_ip == kClientIp);
  CHECK(server.session.facts().helo.empty());
}

TEST_CASE("EHLO advertises PIPELINING, SIZE, AUTH when enabled, ENHANCEDSTATUSCODES and 8BITMIME", "[server]") {
  SECTION("with AUTH") {
    Server server(auth_config());
    CHECK(server.say("EHLO client.example") ==
          "250-mx.campus.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-AUTH PLAIN LOGIN\r\n"
          "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n");
    CHECK(server.session.facts().helo == "client.example");
    CHECK(server.session.state() == ServerState::Ready);
  }
  SECTION("without AUTH") {
    Server server;
    CHECK(server.say("EHLO client.example") ==
          "250-mx.campus.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n");
  }
}

TEST_CASE("HELO answers with the host name only", "[server]") {
  Server server;
  CHECK(server.say("HELO client.example") == "250 mx.campus.example\r\n");
  CHECK(server.session.facts().helo == "client.example");
}

TEST_CASE("A transaction is queued with its accepted recipients only", "[server]") {
  Server server;
  server.say("EHLO client.example");
  CHECK(server.say("MAIL FROM:<sender@elsewhere.example> SIZE=300") == "250 2.1.0 Ok\r\n");
  CHECK(server.say("RCPT TO:<bob@campus.example>") == "250 2.1.5 Ok\r\n");
  CHECK(server.say("RCPT TO:<carol@victim.example>") == "554 5.7.1 <carol@victim.example>: Relay access denied\r\n");
  CHECK(server.say("RCPT TO:<nobody@campus.example>") ==
        "550 5.1.1 <nobody@campus.example>: Recipient address rejected: User unknown in local recipient table\r\n");
  CHECK(server.say("RCPT TO:<dave@campus.example>") == "250 2.1.5 Ok\r\n");
  CHECK(server.say("DATA") == "354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(server.session.state() == ServerState::ReceivingData);
  CHECK(server.end_data(300) == "250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  CHECK(server.policy.last_sender == "sender@elsewhere.example");
  CHECK(server.policy.last_recipients == std::vector<std::string>{"bob@campus.example", "dave@campus.example"});
  CHECK(server.policy.last_size == 300);
  CHECK(server.session.state() == ServerState::Ready);

  SECTION("the next transaction starts empty and reuses the recipient storage") {
    CHECK(server.say("MAIL FROM:<>") == "250 2.1.0 Ok\r\n");
    CHECK(server.say("RCPT TO:<erin@campus.example>") == "250 2.1.5 Ok\r\n");
    CHECK(server.say("DATA") == "354 End data with <CR><LF>.<CR><LF>\r\n");
    CHECK(server.end_data(10) == "250 2.0.0 Ok: queued as 4F1A2B02\r\n");
    CHECK(server.policy.last_sender.empty());
    CHECK(server.policy.last_recipients == std::vector<std::string>{"erin@campus.example"});
  }
}

TEST_CASE("EHLO or HELO again drops the transaction but keeps the login", "[server]") {
  Server server(auth_config());
  server.say("EHLO client.example");
  CHECK(server.say("AUTH PLAIN " + kPlainAlice) == "235 2.7.0 Authentication successful\r\n");
  server.say("MAIL FROM:<alice@campus.example>");
  server.say("RCPT TO:<bob@campus.example>");
  CHECK(server.say("HELO other.example") == "250 mx.campus.example\r\n");
  CHECK(server.session.facts().helo == "other.example");
  CHECK(server.session.facts().authenticated_user == "alice");
  CHECK(server.say("DATA") == "503 5.5.1 Error: need RCPT command\r\n");
  CHECK(server.say("MAIL FROM:<alice@campus.example>") == "250 2.1.0 Ok\r\n");
}

TEST_CASE("RSET and NOOP answer 250 2.0.0 Ok, and RSET drops the transaction", "[server]") {
  Server server;
  CHECK(server.say("NOOP") == "250 2.0.0 Ok\r\n");
  CHECK(server.say("RSET") == "250 2.0.0 Ok\r\n");
  CHECK(server.session.state() == ServerState::Connected);
  server.say("HELO client.example");
  server.say("MAIL FROM:<a@elsewhere.example>");
  CHECK(server.say("RSET") == "250 2.0.0 Ok\r\n");
  CHECK(server.session.state() == ServerState::Ready);
  CHECK(server.say("RCPT TO:<bob@campus.example>") == "503 5.5.1 Error: need MAIL command\r\n");
}

TEST_CASE("QUIT answers 221 and closes; anything later gets 421", "[server]") {
  Server server;
  CHECK(server.say("QUIT") == "221 2.0.0 Bye\r\n");
  CHECK(server.session.closed());
  CHECK(server.say("NOOP") == "421 4.3.2 mx.campus.example Service not available, closing transmission channel\r\n");

  SECTION("open() starts a fresh session on the same object") {
    server.session.open(kClientIp + 1);
    CHECK(server.session.state() == ServerState::Connected);
    CHECK(server.session.errors() == 0);
    CHECK(server.session.facts().client_ip == kClientIp + 1);
    CHECK(server.say("HELO again.example") == "250 mx.campus.example\r\n");
  }
}

TEST_CASE("VRFY promises nothing when disabled, and answers like RCPT when enabled", "[server]") {
  Server disabled;
  CHECK(disabled.say("VRFY bob") ==
        "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery\r\n");

  ServerConfig config;
  config.vrfy_enabled = true;
  Server enabled(config);
  CHECK(enabled.say("VRFY <bob@campus.example>") == "252 2.0.0 <bob@campus.example>\r\n");
  CHECK(enabled.say("VRFY nobody@campus.example") ==
        "550 5.1.1 <nobody@campus.example>: Recipient address rejected: User unknown in local recipient table\r\n");
}

TEST_CASE("Commands out of sequence get Postfix's 503 replies", "[server][sequence]") {
  Server server(auth_config());
  SECTION("MAIL before HELO/EHLO") {
    CHECK(server.say("MAIL FROM:<a@elsewhere.example>") == "503 5.5.1 Error: send HELO/EHLO first\r\n");
  }
  SECTION("AUTH before HELO/EHLO") {
    CHECK(server.say("AUTH PLAIN " + kPlainAlice) == "503 5.5.1 Error: send HELO/EHLO first\r\n");
  }
  SECTION("RCPT before MAIL") {
    server.say("EHLO client.example");
    CHECK(server.say("RCPT TO:<bob@campus.example>") == "503 5.5.1 Error: need MAIL command\r\n");
  }
  SECTION("RCPT before HELO") {
    CHECK(server.say("RCPT TO:<bob@campus.example>") == "503 5.5.1 Error: need MAIL command\r\n");
  }
  SECTION("DATA before MAIL") {
    server.say("EHLO client.example");
    CHECK(server.say("DATA") == "503 5.5.1 Error: need RCPT command\r\n");
  }
  SECTION("nested MAIL") {
    server.say("EHLO client.example");
    server.say("MAIL FROM:<a@elsewhere.example>");
    CHECK(server.say("MAIL FROM:<b@elsewhere.example>") == "503 5.5.1 Error: nested MAIL command\r\n");
  }
  SECTION("AUTH during a transaction") {
    server.say("EHLO client.example");
    server.say("MAIL FROM:<a@elsewhere.example>");
    CHECK(server.say("AUTH PLAIN " + kPlainAlice) == "503 5.5.1 Error: MAIL transaction in progress\r\n");
  }
  SECTION("AUTH twice") {
    server.say("EHLO client.example");
    server.say("AUTH PLAIN " + kPlainAlice);
    CHECK(server.say("AUTH PLAIN " + kPlainAlice) == "503 5.5.1 Error: already authenticated\r\n");
  }
  SECTION("end of data without DATA") {
    server.say("EHLO client.example");
    CHECK(server.end_data(10) == "503 5.5.1 Error: need DATA command\r\n");
  }
  SECTION("a command while message content is expected") {
    server.say("EHLO client.example");
    server.say("MAIL FROM:<a@elsewhere.example>");
    server.say("RCPT TO:<bob@campus.example>");
    server.say("DATA");
    CHECK(server.say("QUIT") == "503 5.5.1 Error: message content expected\r\n");
    CHECK(server.session.state() == ServerState::ReceivingData);
  }
  SECTION("an AUTH response outside an AUTH exchange") {
    server.say("EHLO client.example");
    CHECK(server.respond("c2VjcmV0") == "500 5.5.1 Error: command not recognized\r\n");
  }
}

TEST_CASE("DATA with no accepted recipient gets 554 5.5.1, as Postfix answers pipelined clients", "[server][sequence]") {
  Server server;
  server.say("EHLO client.example");
  server.say("MAIL FROM:<a@elsewhere.example>");
  SECTION("every recipient was refused") {
    server.say("RCPT TO:<carol@victim.example>");
    CHECK(server.say("DATA") == "554 5.5.1 Error: no valid recipients\r\n");
  }
  SECTION("no recipient was given") { CHECK(server.say("DATA") == "554 5.5.1 Error: no valid recipients\r\n"); }
  CHECK(server.session.state() == ServerState::MailGiven);
}

TEST_CASE("Bad addresses get 501 5.1.7 for senders and 501 5.1.3 for recipients", "[server]") {
  Server server;
  server.say("EHLO client.example");
  CHECK(server.say("MAIL FROM:<user@>") == "501 5.1.7 Bad sender address syntax\r\n");
  CHECK(server.say("MAIL FROM:<a b@x.example>") == "501 5.1.7 Bad sender address syntax\r\n");
  CHECK(server.session.state() == ServerState::Ready);
  server.say("MAIL FROM:<a@elsewhere.example>");
  CHECK(server.say("RCPT TO:<>") == "501 5.1.3 Bad recipient address syntax\r\n");
  CHECK(server.say("RCPT TO:<\"unbalanced@campus.example>") == "501 5.1.3 Bad recipient address syntax\r\n");
  CHECK(server.say("RCPT TO:<bob@campus.example") == "501 5.1.3 Bad recipient address syntax\r\n");
}

TEST_CASE("The policy sees the forward path exactly as the client wrote it", "[server]") {
  Server server;
  server.say("EHLO client.example");
  server.say("MAIL FROM:<a@elsewhere.example>");
  CHECK(server.say("RCPT TO:<user%victim.example@campus.example>") == "250 2.1.5 Ok\r\n");
  server.say("DATA");
  server.end_data(1);
  CHECK(server.policy.last_recipients == std::vector<std::string>{"user%victim.example@campus.example"});
}

TEST_CASE("Messages over message_size_limit get 552 5.3.4 at MAIL or at the end of data", "[server]") {
  ServerConfig config;
  config.message_size_limit = 1000;
  Server server(config);
  server.say("EHLO client.example");
  CHECK(server.say("MAIL FROM:<a@elsewhere.example> SIZE=1001") == "552 5.3.4 Message size exceeds fixed limit\r\n");
  CHECK(server.say("MAIL FROM:<a@elsewhere.example> SIZE=1000") == "250 2.1.0 Ok\r\n");
  server.say("RCPT TO:<bob@campus.example>");
  server.say("DATA");
  CHECK(server.end_data(1001) == "552 5.3.4 Message size exceeds fixed limit\r\n");
  CHECK(server.policy.queued_count == 0);
  CHECK(server.session.state() == ServerState::Ready);
}

TEST_CASE("Recipients beyond recipient_limit get 452 4.5.3", "[server]") {
  ServerConfig config;
  config.recipient_limit = 2;
  Server server(config);
  server.say("EHLO client.example");
  server.say("MAIL FROM:<a@elsewhere.example>");
  CHECK(server.say("RCPT TO:<bob@campus.example>") == "250 2.1.5 Ok\r\n");
  CHECK(server.say("RCPT TO:<carol@victim.example>") == "554 5.7.1 <carol@victim.example>: Relay access denied\r\n");
  CHECK(server.say("RCPT TO:<dave@campus.example>") == "250 2.1.5 Ok\r\n");
  CHECK(server.say("RCPT TO:<erin@campus.example>") == "452 4.5.3 Error: too many recipients\r\n");
  server.say("DATA");
  server.end_data(5);
  CHECK(server.policy.last_recipients.size() == 2);
}

TEST_CASE("The end-of-data reply is the policy's", "[server]") {
  Server server;
  server.policy.refuse_message_with = make_reply(ReplyText::ServiceUnavailable);
  server.say("EHLO client.example");
  server.say("MAIL FROM:<a@elsewhere.example>");
  server.say("RCPT TO:<bob@campus.example>");
  server.say("DATA");
  CHECK(server.end_data(5) ==
        "421 4.3.2 mx.campus.example Service not available, closing transmission channel\r\n");
}

TEST_CASE("On the submission port MAIL before AUTH gets 530 5.7.0", "[server][auth]") {
  Server server(submission_config());
  CHECK(server.session.facts().submission);
  server.say("EHLO client.example");
  CHECK(server.say("MAIL FROM:<alice@campus.example>") == "530 5.7.0 Authentication required\r\n");
  server.say("AUTH PLAIN " + kPlainAlice);
  CHECK(server.say("MAIL FROM:<alice@campus.example>") == "250 2.1.0 Ok\r\n");
  CHECK(server.say("RCPT TO:<carol@victim.example>") == "250 2.1.5 Ok\r\n");
}

TEST_CASE("AUTH PLAIN with an initial response logs the user in", "[server][auth]") {
  Server server(auth_config());
  server.say("EHLO client.example");
  CHECK(server.say("AUTH PLAIN " + kPlainAlice) == "235 2.7.0 Authentication successful\r\n");
  CHECK(server.session.facts().authenticated_user == "alice");
  CHECK(server.session.state() == ServerState::Ready);
  SECTION("the mechanism name is case-insensitive") {
    Server lower(auth_config());
    lower.say("EHLO client.example");
    CHECK(lower.say("auth plain " + kPlainAlice) == "235 2.7.0 Authentication successful\r\n");
  }
  SECTION("an authorization identity equal to the user is accepted") {
    Server with_authzid(auth_config());
    with_authzid.say("EHLO client.example");
    CHECK(with_authzid.say("AUTH PLAIN YWxpY2UAYWxpY2UAc2VjcmV0") == "235 2.7.0 Authentication successful\r\n");
  }
}

TEST_CASE("AUTH PLAIN without an initial response sends an empty 334 challenge first", "[server][auth]") {
  Server server(auth_config());
  server.say("EHLO client.example");
  CHECK(server.say("AUTH PLAIN") == "334 \r\n");
  CHECK(server.session.state() == ServerState::AuthPlain);
  CHECK(server.session.awaiting_auth_response());
  CHECK(server.respond(kPlainAlice) == "235 2.7.0 Authentication successful\r\n");
  CHECK_FALSE(server.session.awaiting_auth_response());
}

TEST_CASE("AUTH LOGIN asks for Username: and Password: in base64", "[server][auth]") {
  Server server(auth_config());
  server.say("EHLO client.example");
  CHECK(server.say("AUTH LOGIN") == "334 VXNlcm5hbWU6\r\n");
  CHECK(server.session.state() == ServerState::AuthUsername);
  CHECK(server.respond("YWxpY2U=") == "334 UGFzc3dvcmQ6\r\n");
  CHECK(server.session.state() == ServerState::AuthPassword);
  CHECK(server.respond("c2VjcmV0") == "235 2.7.0 Authentication successful\r\n");
  CHECK(server.session.facts().authenticated_user == "alice");

  SECTION("with the user name as initial response it asks for the password only") {
    Server quick(auth_config());
    quick.say("EHLO client.example");
    CHECK(quick.say("AUTH LOGIN YWxpY2U=") == "334 UGFzc3dvcmQ6\r\n");
    CHECK(quick.respond("c2VjcmV0") == "235 2.7.0 Authentication successful\r\n");
  }
}

TEST_CASE("Failed, cancelled and malformed AUTH exchanges leave the client unauthenticated", "[server][auth]") {
  Server server(auth_config());
  server.say("EHLO client.example");
  SECTION("a wrong password gets 535 5.7.8") {
    CHECK(server.say("AUTH PLAIN AGFsaWNlAHdyb25n") == "535 5.7.8 Error: authentication failed\r\n");
  }
  SECTION("a wrong LOGIN password gets 535 5.7.8") {
    server.say("AUTH LOGIN");
    server.respond("YWxpY2U=");
    CHECK(server.respond("d3Jvbmc=") == "535 5.7.8 Error: authentication failed\r\n");
  }
  SECTION("another user's authorization identity gets 535 5.7.8") {
    CHECK(server.say("AUTH PLAIN Ym9iAGFsaWNlAHNlY3JldA==") == "535 5.7.8 Error: authentication failed\r\n");
  }
  SECTION("a PLAIN message without two NULs gets 535 5.7.8") {
    CHECK(server.say("AUTH PLAIN YWxpY2U=") == "535 5.7.8 Error: authentication failed\r\n");
  }
  SECTION("\"*\" cancels with 501 5.7.0") {
    server.say("AUTH LOGIN");
    CHECK(server.respond("*") == "501 5.7.0 Authentication aborted\r\n");
  }
  SECTION("bad base64 in the initial response gets 501 5.5.2") {
    CHECK(server.say("AUTH PLAIN not-base64!") == "501 5.5.2 Invalid base64 data in initial response\r\n");
  }
  SECTION("bad base64 in a continued response gets 501 5.5.2") {
    server.say("AUTH PLAIN");
    CHECK(server.respond("@@@") == "501 5.5.2 Invalid base64 data in continued response\r\n");
  }
  SECTION("an unknown mechanism gets 504 5.5.4") {
    CHECK(server.say("AUTH CRAM-MD5") == "504 5.5.4 Unrecognized authentication type\r\n");
  }
  SECTION("a command instead of a response ends the exchange") {
    server.say("AUTH LOGIN");
    CHECK(server.text_of(server.session.handle(Command{})) ==
          "503 5.5.1 Error: authentication exchange in progress\r\n");
  }
  SECTION("an unparsable line instead of a response ends the exchange") {
    server.say("AUTH LOGIN");
    CHECK(server.text_of(server.session.handle_parse_error(make_reply(ReplyText::AuthLineTooLong))) ==
          "500 5.5.6 SASL response limit exceeded\r\n");
  }
  CHECK(server.session.state() == ServerState::Ready);
  CHECK(server.session.facts().authenticated_user.empty());
  CHECK(server.say("AUTH PLAIN " + kPlainAlice) == "235 2.7.0 Authentication successful\r\n");
}

TEST_CASE("AUTH when not enabled gets 503 5.5.1", "[server][auth]") {
  Server server;
  server.say("EHLO client.example");
  CHECK(server.say("AUTH PLAIN " + kPlainAlice) == "503 5.5.1 Error: authentication not enabled\r\n");
}

TEST_CASE("Unknown commands get 500 5.5.1", "[server]") {
  Server server;
  CHECK(server.say("EXPN staff") == "500 5.5.1 Error: command not recognized\r\n");
  Command unknown;
  unknown.verb = Verb::Unknown;
  unknown.argument = "XYZZY";
  CHECK(server.text_of(server.session.handle(unknown)) == "500 5.5.1 Error: command not recognized\r\n");
}

TEST_CASE("Every 4xx/5xx reply counts, and at hard_error_limit the next command gets 421", "[server][errors]") {
  ServerConfig config;
  config.hard_error_limit = 3;
  Server server(config);
  CHECK(server.say("EXPN staff") == "500 5.5.1 Error: command not recognized\r\n");
  CHECK(server.say("HELO") == "501 5.5.2 Syntax: HELO hostname\r\n");
  CHECK(server.say("HELO client.example") == "250 mx.campus.example\r\n");
  CHECK(server.session.errors() == 2);
  server.say("MAIL FROM:<a@elsewhere.example>");
  CHECK(server.say("RCPT TO:<carol@victim.example>") == "554 5.7.1 <carol@victim.example>: Relay access denied\r\n");
  CHECK(server.session.errors() == 3);
  CHECK_FALSE(server.session.closed());
  CHECK(server.say("NOOP") == "421 4.7.0 mx.campus.example Error: too many errors\r\n");
  CHECK(server.session.closed());
}

TEST_CASE("Postfix's default hard error limit is 20", "[server][errors]") {
  Server server;
  for (int i = 0; i < 20; ++i) CHECK(server.say("EXPN staff") == "500 5.5.1 Error: command not recognized\r\n");
  CHECK(server.say("EXPN staff") == "421 4.7.0 mx.campus.example Error: too many errors\r\n");
}

TEST_CASE("A copied or moved session keeps facts that view its own strings", "[server]") {
  Server server(auth_config());
  server.say("EHLO a-rather-long-client-name-beyond-small-string-storage.example");
  server.say("AUTH PLAIN " + kPlainAlice);
  ServerSession copy(server.session);
  ServerSession moved(std::move(copy));
  server.session.open(kClientIp);
  CHECK(moved.facts().helo == "a-rather-long-client-name-beyond-small-string-storage.example");
  CHECK(moved.facts().authenticated_user == "alice");
  CHECK(moved.facts().helo.data() != server.session.facts().helo.data());
}
