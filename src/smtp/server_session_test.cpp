// The server state machine, driven by command lines through the parser so each test reads
// like a dialogue; replies are compared as the wire text a client would see.
#include "smtp/server_session.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

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

  // A BDAT chunk as the text layer hands it over once its octets have come.
  std::string chunk(std::uint64_t size, bool last, std::uint64_t content_octets = 0) {
    Command bdat = make_command(Verb::Bdat);
    bdat.size = size;
    bdat.last_chunk = last;
    bdat.content_octets = content_octets;
    return text_of(session.handle(bdat));
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

TEST_CASE("EHLO advertises what Postfix 3.7 does, AUTH when enabled, VRFY and SMTPUTF8 unless disabled", "[server]") {
  SECTION("with AUTH") {
    Server server(auth_config());
    CHECK(server.say("EHLO client.example") ==
          "250-mx.campus.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n"
          "250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n"
          "250 CHUNKING\r\n");
    CHECK(server.session.facts().helo == "client.example");
    CHECK(server.session.state() == ServerState::Ready);
  }
  SECTION("without AUTH, VRFY and SMTPUTF8") {
    ServerConfig config;
    config.vrfy_enabled = false;
    config.smtputf8 = false;
    Server server(config);
    CHECK(server.say("EHLO client.example") ==
          "250-mx.campus.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-ETRN\r\n"
          "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 CHUNKING\r\n");
  }
  SECTION("the name's words are kept collapsed") {
    Server server;
    server.say("EHLO  client \t example");
    CHECK(server.session.facts().helo == "client example");
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

TEST_CASE("QUIT answers 221 and closes: anything later gets 421", "[server]") {
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

TEST_CASE("VRFY answers as RCPT would be answered, and echoes the words given", "[server]") {
  Server server;
  CHECK(server.say("VRFY <bob@campus.example>") == "252 2.0.0 <bob@campus.example>\r\n");
  CHECK(server.policy.verified == 1);
  CHECK(server.say("VRFY   bob@campus.example   SMTPUTF8") == "252 2.0.0 bob@campus.example\r\n");
  CHECK(server.say("VRFY nobody@campus.example") ==
        "550 5.1.1 <nobody@campus.example>: Recipient address rejected: User unknown in local recipient table\r\n");
  CHECK(server.say("VRFY carol@victim.example") == "554 5.7.1 <carol@victim.example>: Relay access denied\r\n");
  CHECK(server.say("VRFY <>") == "501 5.1.3 Bad recipient address syntax\r\n");
  CHECK(server.say("VRFY") == "501 5.5.4 Syntax: VRFY address [SMTPUTF8]\r\n");
  CHECK_FALSE(server.session.facts().verifying);

  SECTION("disabled (disable_vrfy_command = yes) it is refused before its syntax") {
    ServerConfig config;
    config.vrfy_enabled = false;
    Server disabled(config);
    CHECK(disabled.say("VRFY") == "502 5.5.1 VRFY command is disabled\r\n");
  }
}

TEST_CASE("Without smtpd_helo_required a client may skip HELO/EHLO", "[server][sequence]") {
  Server server(auth_config());
  CHECK(server.say("AUTH PLAIN " + kPlainAlice) == "235 2.7.0 Authentication successful\r\n");
  CHECK(server.say("MAIL FROM:<a@elsewhere.example>") == "250 2.1.0 Ok\r\n");
  CHECK(server.say("RCPT TO:<bob@campus.example>") == "250 2.1.5 Ok\r\n");
  CHECK(server.say("DATA") == "354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(server.end_data(10) == "250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  CHECK(server.session.state() == ServerState::Connected);

  SECTION("with it, MAIL, AUTH and ETRN need a greeting first") {
    ServerConfig config = auth_config();
    config.helo_required = true;
    Server strict(config);
    CHECK(strict.say("MAIL FROM:<a@elsewhere.example>") == "503 5.5.1 Error: send HELO/EHLO first\r\n");
    CHECK(strict.say("AUTH PLAIN " + kPlainAlice) == "503 5.5.1 Error: send HELO/EHLO first\r\n");
    CHECK(strict.say("ETRN campus.example") == "503 Error: send HELO/EHLO first\r\n");
  }
}

TEST_CASE("Commands out of sequence get Postfix's 503 replies, before any syntax check", "[server][sequence]") {
  Server server(auth_config());
  SECTION("a malformed RCPT before MAIL") {
    CHECK(server.say("RCPT TO:") == "503 5.5.1 Error: need MAIL command\r\n");
  }
  SECTION("DATA with an argument before MAIL, and before RCPT") {
    CHECK(server.say("DATA now") == "503 5.5.1 Error: need RCPT command\r\n");
    server.say("MAIL FROM:<a@elsewhere.example>");
    CHECK(server.say("DATA now") == "554 5.5.1 Error: no valid recipients\r\n");
    server.say("RCPT TO:<bob@campus.example>");
    CHECK(server.say("DATA now") == "501 5.5.4 Syntax: DATA\r\n");
  }
  SECTION("a malformed MAIL during a transaction") {
    server.say("MAIL FROM:<a@elsewhere.example>");
    CHECK(server.say("MAIL FROM:") == "503 5.5.1 Error: nested MAIL command\r\n");
  }
  SECTION("AUTH without a mechanism where AUTH is not enabled") {
    Server closed;
    CHECK(closed.say("AUTH") == "503 5.5.1 Error: authentication not enabled\r\n");
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
    CHECK(server.respond("c2VjcmV0") == "500 5.5.2 Error: command not recognized\r\n");
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
  CHECK(server.end_data(1001) == "552 5.3.4 Error: message file too big\r\n");
  CHECK(server.policy.queued_count == 0);
  CHECK(server.session.state() == ServerState::Ready);
  SECTION("a SIZE Postfix cannot hold is refused with its own words") {
    CHECK(server.say("MAIL FROM:<a@elsewhere.example> SIZE=99999999999999999999") ==
          "552 5.3.4 Message size exceeds file system imposed limit\r\n");
  }
  SECTION("a parameter is judged before the size") {
    CHECK(server.say("MAIL FROM:<a@elsewhere.example> SIZE=5000 FOO") == "555 5.5.4 Unsupported option: FOO\r\n");
  }
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
  CHECK(server.say("RCPT TO:<erin@campus.example") == "452 4.5.3 Error: too many recipients\r\n");  // before the path
  CHECK(server.session.errors() == 1);  // the relay refusal: smtpd_recipient_overshoot_limit spares the 452s
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

TEST_CASE("On the submission port MAIL before AUTH is accepted: the policy judges the recipients", "[server][auth]") {
  Server server(submission_config());
  CHECK(server.session.facts().submission);
  server.say("EHLO client.example");
  CHECK(server.say("MAIL FROM:<alice@campus.example>") == "250 2.1.0 Ok\r\n");

  SECTION("with mail_requires_auth, MAIL before AUTH gets 530 5.7.0 (RFC 6409 4.3)") {
    ServerConfig config = submission_config();
    config.mail_requires_auth = true;
    Server strict(config);
    strict.say("EHLO client.example");
    CHECK(strict.say("MAIL FROM:<alice@campus.example>") == "530 5.7.0 Authentication required\r\n");
    strict.say("AUTH PLAIN " + kPlainAlice);
    CHECK(strict.say("MAIL FROM:<alice@campus.example>") == "250 2.1.0 Ok\r\n");
    CHECK(strict.say("RCPT TO:<carol@victim.example>") == "250 2.1.5 Ok\r\n");
  }
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
  SECTION("the user may name the server's realm, its host name, as Cyrus SASL allows") {
    Server realm(auth_config());
    // base64("\0alice@mx.campus.example\0secret")
    CHECK(realm.say("AUTH PLAIN AGFsaWNlQG14LmNhbXB1cy5leGFtcGxlAHNlY3JldA==") == "235 2.7.0 Authentication successful\r\n");
    CHECK(realm.session.facts().authenticated_user == "alice");
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
  // Postfix reports Cyrus SASL's reasons (tests/postfix has them from a real Postfix 3.7).
  Server server(auth_config());
  server.say("EHLO client.example");
  const std::string bad_auth = "535 5.7.8 Error: authentication failed: authentication failure\r\n";
  const std::string bad_protocol = "535 5.7.8 Error: authentication failed: bad protocol / cancel\r\n";
  const std::string another_step = "535 5.7.8 Error: authentication failed: another step is needed in authentication\r\n";
  SECTION("a wrong password") { CHECK(server.say("AUTH PLAIN AGFsaWNlAHdyb25n") == bad_auth); }
  SECTION("a wrong LOGIN password") {
    server.say("AUTH LOGIN");
    server.respond("YWxpY2U=");
    CHECK(server.respond("d3Jvbmc=") == bad_auth);
  }
  SECTION("another user's authorization identity") { CHECK(server.say("AUTH PLAIN Ym9iAGFsaWNlAHNlY3JldA==") == bad_auth); }
  SECTION("a PLAIN message without two NULs, or with three") {
    CHECK(server.say("AUTH PLAIN YWxpY2U=") == bad_protocol);
    CHECK(server.say("AUTH PLAIN AGFsaWNlAHNlY3JldAA=") == bad_protocol);  // "\0alice\0secret\0"
  }
  SECTION("an empty user is a temporary failure") {
    CHECK(server.say("AUTH PLAIN AABzZWNyZXQ=") ==  // "\0\0secret"
          "454 4.7.0 Temporary authentication failure: generic failure\r\n");
  }
  SECTION("\"*\" cancels with 501 5.7.0") {
    server.say("AUTH LOGIN");
    CHECK(server.respond("*") == "501 5.7.0 Authentication aborted\r\n");
  }
  SECTION("bad base64 in the initial response") { CHECK(server.say("AUTH PLAIN !!!!") == bad_protocol); }
  SECTION("bad base64 in a continued response") {
    server.say("AUTH PLAIN");
    CHECK(server.respond("@@@@") == bad_protocol);
  }
  SECTION("base64 cut short asks for another step; '=' alone is such") {
    CHECK(server.say("AUTH PLAIN =") == another_step);
    server.say("AUTH LOGIN");
    CHECK(server.respond("YWxpY2") == another_step);
  }
  SECTION("a continued response starting with CR is a generic failure") {
    server.say("AUTH LOGIN");
    CHECK(server.respond("\rYWxpY2U=") == "535 5.7.8 Error: authentication failed: generic failure\r\n");
  }
  SECTION("an unknown mechanism") {
    CHECK(server.say("AUTH CRAM-MD5") == "535 5.7.8 Error: authentication failed: no mechanism available\r\n");
    CHECK(server.say("AUTH FOO !!!!") == bad_protocol);  // the response is decoded first
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

TEST_CASE("Unknown commands get 500 5.5.2: a line that is not SMTP ends the session", "[server]") {
  Server server;
  CHECK(server.say("EXPN staff") == "500 5.5.2 Error: command not recognized\r\n");
  Command unknown;
  unknown.verb = Verb::Unknown;
  unknown.argument = "XYZZY";
  CHECK(server.text_of(server.session.handle(unknown)) == "500 5.5.2 Error: command not recognized\r\n");
  CHECK(server.say("GET / HTTP/1.1") == "221 2.7.0 Error: I can break rules, too. Goodbye.\r\n");
  CHECK(server.session.closed());
}

TEST_CASE("ETRN, STARTTLS, XCLIENT and XFORWARD get Postfix's replies", "[server]") {
  const std::vector<std::string> flush{"backup.example"};
  ServerConfig config;
  config.fast_flush_domains = &flush;
  Server server(config);
  CHECK(server.say("ETRN backup.example") == "250 Queuing started\r\n");
  CHECK(server.say("ETRN @sub.BACKUP.example") == "250 Queuing started\r\n");
  CHECK(server.say("ETRN #campus.example") == "459 <campus.example>: service unavailable\r\n");
  CHECK(server.say("ETRN xbackup.example") == "459 <xbackup.example>: service unavailable\r\n");
  CHECK(server.say("STARTTLS") == "502 5.5.1 Error: command not implemented\r\n");
  CHECK(server.say("XCLIENT ADDR=192.0.2.1") == "550 5.7.0 Error: insufficient authorization\r\n");
  server.say("MAIL FROM:<a@elsewhere.example>");
  CHECK(server.say("ETRN backup.example") == "503 Error: MAIL transaction in progress\r\n");
  CHECK(server.say("ETRN") == "503 Error: MAIL transaction in progress\r\n");
  CHECK(server.say("XFORWARD ADDR=192.0.2.1") == "503 5.5.1 Error: MAIL transaction in progress\r\n");
}

TEST_CASE("BDAT chunks make one message: a refused chunk discards the rest of the transfer", "[server][bdat]") {
  Server server;
  server.say("EHLO client.example");
  SECTION("accepted") {
    server.say("MAIL FROM:<a@elsewhere.example>");
    server.say("RCPT TO:<bob@campus.example>");
    CHECK(server.chunk(3, false) == "250 2.0.0 Ok: 3 bytes\r\n");
    CHECK(server.session.receiving_chunks());
    CHECK(server.say("DATA") == "503 5.5.1 Error: DATA after BDAT\r\n");
    CHECK(server.say("RCPT TO:<carol@campus.example>") == "503 5.5.1 Error: RCPT after BDAT\r\n");
    CHECK(server.chunk(2, true, 7) == "250 2.0.0 Ok: 7 bytes queued as 4F1A2B01\r\n");
    CHECK(server.policy.last_size == 7);
    CHECK_FALSE(server.session.receiving_chunks());
    CHECK(server.say("MAIL FROM:<a@elsewhere.example>") == "250 2.1.0 Ok\r\n");
  }
  SECTION("no transaction: the chunks are discarded up to LAST, and MAIL must wait for it") {
    CHECK(server.chunk(3, false) == "503 5.5.1 Error: need RCPT command\r\n");
    CHECK(server.say("MAIL FROM:<a@elsewhere.example>") == "503 5.5.1 Error: MAIL after BDAT\r\n");
    CHECK(server.chunk(0, false) == "551 5.7.1 Null BDAT request\r\n");
    CHECK(server.chunk(2, true) == "551 5.0.0 Discarded 2 bytes after earlier error\r\n");
    CHECK(server.say("MAIL FROM:<a@elsewhere.example>") == "250 2.1.0 Ok\r\n");
    CHECK(server.chunk(0, true) == "554 5.5.1 Error: no valid recipients\r\n");
  }
  SECTION("over the size limit, chunk by chunk and as a whole") {
    ServerConfig config;
    config.message_size_limit = 100;
    Server small(config);
    small.say("MAIL FROM:<a@elsewhere.example>");
    small.say("RCPT TO:<bob@campus.example>");
    CHECK(small.chunk(60, false) == "250 2.0.0 Ok: 60 bytes\r\n");
    CHECK(small.chunk(60, true) == "552 5.3.4 Chunk exceeds message size limit\r\n");
    small.say("MAIL FROM:<a@elsewhere.example>");
    small.say("RCPT TO:<bob@campus.example>");
    CHECK(small.chunk(100, true, 102) == "552 5.3.4 Error: message file too big\r\n");
  }
  SECTION("a malformed BDAT ends the session with 521") {
    CHECK(server.say("BDAT x") == "521 5.5.4 Syntax: BDAT count [LAST]\r\n");
    CHECK(server.session.closed());
  }
}

TEST_CASE("Every 4xx/5xx reply counts, and at hard_error_limit the next command gets 421", "[server][errors]") {
  ServerConfig config;
  config.hard_error_limit = 3;
  Server server(config);
  CHECK(server.say("EXPN staff") == "500 5.5.2 Error: command not recognized\r\n");
  CHECK(server.say("HELO") == "501 Syntax: HELO hostname\r\n");
  CHECK(server.say("HELO client.example") == "250 mx.campus.example\r\n");
  CHECK(server.session.errors() == 2);
  server.say("MAIL FROM:<a@elsewhere.example>");
  CHECK(server.say("RCPT TO:<carol@victim.example>") == "554 5.7.1 <carol@victim.example>: Relay access denied\r\n");
  CHECK(server.session.errors() == 3);
  CHECK_FALSE(server.session.closed());
  CHECK(server.say("NOOP") == "421 4.7.0 mx.campus.example Error: too many errors\r\n");
  CHECK(server.session.closed());
}

TEST_CASE("Postfix's default hard error limit is 20: a queued message starts the count again", "[server][errors]") {
  Server server;
  for (int i = 0; i < 19; ++i) CHECK(server.say("EXPN staff") == "500 5.5.2 Error: command not recognized\r\n");
  server.say("MAIL FROM:<a@elsewhere.example>");
  server.say("RCPT TO:<bob@campus.example>");
  server.say("DATA");
  CHECK(server.end_data(10) == "250 2.0.0 Ok: queued as 4F1A2B01\r\n");
  CHECK(server.session.errors() == 0);
  for (int i = 0; i < 20; ++i) CHECK(server.say("EXPN staff") == "500 5.5.2 Error: command not recognized\r\n");
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
