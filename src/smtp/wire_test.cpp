// Parsing command lines as RFC 5321 and Postfix accept them; formatting replies as Postfix words them.
#include "smtp/wire.h"

#include <catch2/catch.hpp>
#include <limits>
#include <string>

using namespace relaysim::smtp;

namespace {

Command must_parse(std::string_view line) {
  const ParsedLine parsed = parse_command_line(line);
  INFO("line: " << line);
  REQUIRE(std::holds_alternative<Command>(parsed));
  return std::get<Command>(parsed);
}

// The wire text of the reply a line is refused with, without the CRLF.
std::string refusal_of(std::string_view line) {
  const ParsedLine parsed = parse_command_line(line);
  INFO("line: " << line);
  REQUIRE(std::holds_alternative<Reply>(parsed));
  std::string text;
  format_reply(std::get<Reply>(parsed), ServerIdentity{"mx.campus.example"}, text);
  REQUIRE(text.ends_with("\r\n"));
  text.resize(text.size() - 2);
  return text;
}

std::string formatted(const Reply& reply) {
  std::string text;
  format_reply(reply, ServerIdentity{"mx.campus.example"}, text);
  return text;
}

std::string formatted(const Command& command, bool redact = true) {
  std::string text;
  format_command(command, text, redact);
  return text;
}

}  // namespace

TEST_CASE("Verbs are recognised in any case", "[wire]") {
  CHECK(must_parse("ehlo client.example").verb == Verb::Ehlo);
  CHECK(must_parse("EhLo client.example").argument == "client.example");
  CHECK(must_parse("helo client.example").verb == Verb::Helo);
  CHECK(must_parse("quit").verb == Verb::Quit);
  CHECK(must_parse("Rset").verb == Verb::Rset);
  CHECK(must_parse("noop").verb == Verb::Noop);
  CHECK(must_parse("data").verb == Verb::Data);
}

TEST_CASE("HELO and EHLO need a host name", "[wire]") {
  CHECK(refusal_of("HELO") == "501 5.5.2 Syntax: HELO hostname");
  CHECK(refusal_of("EHLO   ") == "501 5.5.2 Syntax: EHLO hostname");
  CHECK(must_parse("EHLO  [192.0.2.7] ").argument == "[192.0.2.7]");
}

TEST_CASE("MAIL FROM takes the path inside the brackets and SIZE", "[wire]") {
  const Command mail = must_parse("MAIL FROM:<alice@campus.example> SIZE=1234 BODY=8BITMIME");
  CHECK(mail.verb == Verb::Mail);
  CHECK(mail.argument == "alice@campus.example");
  CHECK(mail.size == 1234);

  SECTION("the null sender") { CHECK(must_parse("mail from:<>").argument.empty()); }
  SECTION("a space after the colon, as Postfix tolerates") {
    CHECK(must_parse("MAIL FROM: <alice@campus.example>").argument == "alice@campus.example");
  }
  SECTION("an unbracketed path, as Postfix's strict_rfc821_envelopes=no allows") {
    CHECK(must_parse("MAIL FROM:alice@campus.example SIZE=5").argument == "alice@campus.example");
  }
  SECTION("a quoted '>' does not end the path") {
    CHECK(must_parse("MAIL FROM:<\"a>b\"@campus.example>").argument == "\"a>b\"@campus.example");
  }
  SECTION("BODY=7BIT and AUTH=<> are accepted") {
    CHECK(must_parse("MAIL FROM:<a@b.example> BODY=7BIT AUTH=<>").size == 0);
  }
  SECTION("a SIZE beyond 64 bits is clamped, so the server refuses it as too big") {
    CHECK(must_parse("MAIL FROM:<a@b.example> SIZE=99999999999999999999999").size ==
          std::numeric_limits<std::uint64_t>::max());
  }
}

TEST_CASE("Malformed MAIL commands are refused with Postfix's replies", "[wire]") {
  CHECK(refusal_of("MAIL TO:<a@b.example>") == "501 5.5.2 Syntax: MAIL FROM:<address>");
  CHECK(refusal_of("MAIL FROM:") == "501 5.5.2 Syntax: MAIL FROM:<address>");
  CHECK(refusal_of("MAIL") == "501 5.5.2 Syntax: MAIL FROM:<address>");
  CHECK(refusal_of("MAIL FROM:<a@b.example") == "501 5.1.7 Bad sender address syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example>junk") == "501 5.1.7 Bad sender address syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> FOO=1") == "555 5.5.4 Unsupported option: FOO=1");
  CHECK(refusal_of("MAIL FROM:<a@b.example> SIZE=12k") == "501 5.5.2 Syntax: MAIL FROM:<address> SIZE=<octets>");
  CHECK(refusal_of("MAIL FROM:<a@b.example> SIZE=") == "501 5.5.2 Syntax: MAIL FROM:<address> SIZE=<octets>");
}

TEST_CASE("RCPT TO takes the path inside the brackets and DSN parameters", "[wire]") {
  const Command rcpt = must_parse("RCPT TO:<bob@victim.example> NOTIFY=NEVER ORCPT=rfc822;bob@victim.example");
  CHECK(rcpt.verb == Verb::Rcpt);
  CHECK(rcpt.argument == "bob@victim.example");
  CHECK(must_parse("rcpt to: <@relay.example:bob@victim.example>").argument == "@relay.example:bob@victim.example");

  CHECK(refusal_of("RCPT TO:") == "501 5.5.2 Syntax: RCPT TO:<address>");
  CHECK(refusal_of("RCPT FROM:<a@b.example>") == "501 5.5.2 Syntax: RCPT TO:<address>");
  CHECK(refusal_of("RCPT TO:<a@b.example") == "501 5.1.3 Bad recipient address syntax");
  CHECK(refusal_of("RCPT TO:<a@b.example> SIZE=10") == "555 5.5.4 Unsupported option: SIZE=10");
}

TEST_CASE("A '\"' or '>' inside a domain literal is part of the path", "[wire]") {
  // RFC 5321's dcontent allows both in a General-address-literal, and resolve_address accepts
  // them: the path an MTA forwards must come through its RCPT line (found by fuzz/address_fuzz).
  CHECK(must_parse("RCPT TO:<\"u@x\"@[tag:a\"b]>").argument == "\"u@x\"@[tag:a\"b]");
  CHECK(must_parse("RCPT TO:<u@[tag:a>b]> NOTIFY=NEVER").argument == "u@[tag:a>b]");
  CHECK(must_parse("MAIL FROM:<u@[tag:\"]> SIZE=5").size == 5);
  CHECK(must_parse("RCPT TO:<a[b>").argument == "a[b");  // not after '@': no literal, the session judges it
  CHECK(refusal_of("RCPT TO:<u@[tag:a>") == "501 5.1.3 Bad recipient address syntax");
}

TEST_CASE("AUTH takes a mechanism and an optional initial response", "[wire]") {
  const Command plain = must_parse("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
  CHECK(plain.verb == Verb::Auth);
  CHECK(plain.argument == "PLAIN");
  CHECK(plain.initial_response == "AGFsaWNlAHNlY3JldA==");
  CHECK(must_parse("auth login").initial_response.empty());
  CHECK(refusal_of("AUTH") == "501 5.5.2 Syntax: AUTH mechanism");
  CHECK(refusal_of("AUTH PLAIN a b") == "501 5.5.2 Syntax: AUTH mechanism");
}

TEST_CASE("DATA and RSET take no argument; NOOP and QUIT ignore theirs", "[wire]") {
  CHECK(refusal_of("DATA now") == "501 5.5.2 Syntax: DATA");
  CHECK(refusal_of("RSET all") == "501 5.5.2 Syntax: RSET");
  CHECK(must_parse("NOOP hello").verb == Verb::Noop);
  CHECK(must_parse("QUIT now").verb == Verb::Quit);
}

TEST_CASE("VRFY needs an argument", "[wire]") {
  CHECK(must_parse("VRFY postmaster").argument == "postmaster");
  CHECK(refusal_of("VRFY") == "501 5.5.2 Syntax: VRFY address");
}

TEST_CASE("Unknown verbs and empty lines are refused as Postfix refuses them", "[wire]") {
  CHECK(refusal_of("EXPN staff") == "500 5.5.1 Error: command not recognized");
  CHECK(refusal_of("STARTTLS") == "500 5.5.1 Error: command not recognized");
  CHECK(refusal_of("MAILFROM:<a@b.example>") == "500 5.5.1 Error: command not recognized");
  CHECK(refusal_of("") == "500 5.5.2 Error: bad syntax");
  CHECK(refusal_of("   ") == "500 5.5.2 Error: bad syntax");
}

TEST_CASE("A command line may hold 510 octets before its CRLF, not 511", "[wire]") {
  const std::string at_limit = "NOOP " + std::string(kMaxCommandLine - 2 - 5, 'x');
  REQUIRE(at_limit.size() == 510);
  CHECK(must_parse(at_limit).verb == Verb::Noop);
  CHECK(refusal_of(at_limit + "x") == "500 5.5.2 Error: line too long");
}

TEST_CASE("Every reply text is worded as Postfix words it", "[wire]") {
  const std::pair<ReplyText, std::string_view> expected[] = {
      {ReplyText::Greeting, "220 mx.campus.example ESMTP relaysim"},
      {ReplyText::HeloOk, "250 mx.campus.example"},
      {ReplyText::Ok, "250 2.0.0 Ok"},
      {ReplyText::SenderOk, "250 2.1.0 Ok"},
      {ReplyText::RecipientOk, "250 2.1.5 Ok"},
      {ReplyText::StartMailInput, "354 End data with <CR><LF>.<CR><LF>"},
      {ReplyText::Bye, "221 2.0.0 Bye"},
      {ReplyText::VrfyUnsupported, "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery"},
      {ReplyText::AuthSucceeded, "235 2.7.0 Authentication successful"},
      {ReplyText::AuthFailed, "535 5.7.8 Error: authentication failed"},
      {ReplyText::AuthMechanismUnknown, "504 5.5.4 Unrecognized authentication type"},
      {ReplyText::AuthNotEnabled, "503 5.5.1 Error: authentication not enabled"},
      {ReplyText::AuthAlreadyDone, "503 5.5.1 Error: already authenticated"},
      {ReplyText::AuthCancelled, "501 5.7.0 Authentication aborted"},
      {ReplyText::AuthRequired, "530 5.7.0 Authentication required"},
      {ReplyText::AuthTemporaryFailure, "454 4.7.0 Temporary authentication failure"},
      {ReplyText::CommandUnknown, "500 5.5.1 Error: command not recognized"},
      {ReplyText::LineTooLong, "500 5.5.2 Error: line too long"},
      {ReplyText::BadSequence, "503 5.5.1 Error: bob@victim.example"},
      {ReplyText::SyntaxError, "501 5.5.2 Syntax: bob@victim.example"},
      {ReplyText::NoValidRecipients, "554 5.5.1 Error: no valid recipients"},
      {ReplyText::RelayDenied, "554 5.7.1 <bob@victim.example>: Relay access denied"},
      {ReplyText::UnknownLocalUser,
       "550 5.1.1 <bob@victim.example>: Recipient address rejected: User unknown in local recipient table"},
      {ReplyText::RecipientAccessDenied, "554 5.7.1 <bob@victim.example>: Recipient address rejected: Access denied"},
      {ReplyText::TooManyRecipients, "452 4.5.3 Error: too many recipients"},
      {ReplyText::MessageTooBig, "552 5.3.4 Message size exceeds fixed limit"},
      {ReplyText::TooManyHops, "554 5.4.0 Error: too many hops"},
      {ReplyText::TooManyConnections, "421 4.7.0 mx.campus.example Error: too many connections"},
      {ReplyText::TooManyErrors, "421 4.7.0 mx.campus.example Error: too many errors"},
      {ReplyText::TimeoutExceeded, "421 4.4.2 mx.campus.example Error: timeout exceeded"},
      {ReplyText::ServiceUnavailable, "421 4.3.2 mx.campus.example Service not available, closing transmission channel"},
      {ReplyText::BadSenderSyntax, "501 5.1.7 Bad sender address syntax"},
      {ReplyText::BadRecipientSyntax, "501 5.1.3 Bad recipient address syntax"},
      {ReplyText::AuthInvalidBase64, "501 5.5.2 Invalid base64 data in bob@victim.example response"},
      {ReplyText::AuthLineTooLong, "500 5.5.6 SASL response limit exceeded"},
      {ReplyText::BadSyntax, "500 5.5.2 Error: bad syntax"},
      {ReplyText::UnsupportedOption, "555 5.5.4 Unsupported option: bob@victim.example"},
      {ReplyText::VrfyResult, "252 2.0.0 bob@victim.example"},
      {ReplyText::Blocklisted, "554 5.7.1 Service unavailable; Client host [0.0.0.0] blocked using bob@victim.example"},
      {ReplyText::Greylisted, "450 4.2.0 <bob@victim.example>: Recipient address rejected: Greylisted"},
      {ReplyText::SpfFailed,
       "550 5.7.23 <bob@victim.example>: Recipient address rejected: Message rejected due to: SPF fail - not authorized"},
      {ReplyText::DmarcRejected, "550 5.7.1 rejected by DMARC policy for bob@victim.example"},
      {ReplyText::ContentRejected, "554 5.7.0 Reject, id=0 - spam"},
      {ReplyText::RateLimited, "450 4.7.1 Error: too much mail from 0.0.0.0"},
      {ReplyText::ConnectionLost, "421 4.4.2 mx.campus.example Error: lost connection"},
      {ReplyText::Diagnostic, "451 4.0.0 bob@victim.example"},
  };
  for (const auto& [text, wording] : expected) {
    INFO(wording);
    CHECK(formatted(make_reply(text, "bob@victim.example")) == std::string(wording) + "\r\n");
  }
}

TEST_CASE("A blocklist refusal names the client's address and the zone, as Postfix's reject_rbl_client does",
          "[wire]") {
  Reply listed = make_reply(ReplyText::Blocklisted, "bl.example");
  listed.number = 0xCB007107;  // 203.0.113.7
  CHECK(formatted(listed) == "554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using bl.example\r\n");
}

TEST_CASE("Client text echoed in a reply has '?' for each control character", "[wire]") {
  // A bare CR or a NUL in a reply line breaks the client's framing (found by fuzz/smtp_fuzz).
  CHECK(formatted(make_reply(ReplyText::UnsupportedOption, std::string_view("X=\r\0y\x7f\xc3\xa9", 8))) ==
        "555 5.5.4 Unsupported option: X=??y?\xc3\xa9\r\n");
  CHECK(refusal_of("RCPT TO:<a@b.example> X=\x01") == "555 5.5.4 Unsupported option: X=?");
}

TEST_CASE("A deferring policy's reply keeps its own code and status with the same words", "[wire]") {
  Reply deferred = make_reply(ReplyText::RelayDenied, "bob@victim.example");
  deferred.code = 454;
  deferred.status = {4, 7, 1};
  CHECK(formatted(deferred) == "454 4.7.1 <bob@victim.example>: Relay access denied\r\n");
}

TEST_CASE("A diagnostic reply is the caller's code, status and words", "[wire]") {
  Reply null_mx = make_reply(ReplyText::Diagnostic, "recipient domain has a null MX");
  null_mx.code = 556;
  null_mx.status = {5, 1, 10};
  CHECK(formatted(null_mx) == "556 5.1.10 recipient domain has a null MX\r\n");
}

TEST_CASE("Queued replies show the queue id in upper-case hex", "[wire]") {
  Reply queued = make_reply(ReplyText::Queued);
  queued.number = 0x4f1a2b3c4d;
  CHECK(formatted(queued) == "250 2.0.0 Ok: queued as 4F1A2B3C4D\r\n");
}

TEST_CASE("AUTH challenges carry the base64 prompts real servers send", "[wire]") {
  Reply challenge = make_reply(ReplyText::AuthChallenge);
  CHECK(formatted(challenge) == "334 \r\n");
  challenge.number = 1;
  CHECK(formatted(challenge) == "334 VXNlcm5hbWU6\r\n");
  challenge.number = 2;
  CHECK(formatted(challenge) == "334 UGFzc3dvcmQ6\r\n");
}

TEST_CASE("The EHLO reply is multi-line with one capability per line", "[wire]") {
  Reply ehlo = make_reply(ReplyText::EhloCapabilities);
  ehlo.number = 10240000;
  ehlo.capabilities = kPipelining | kSize | k8BitMime | kEnhancedStatusCodes | kAuthPlain | kAuthLogin;
  CHECK(formatted(ehlo) ==
        "250-mx.campus.example\r\n"
        "250-PIPELINING\r\n"
        "250-SIZE 10240000\r\n"
        "250-AUTH PLAIN LOGIN\r\n"
        "250-ENHANCEDSTATUSCODES\r\n"
        "250 8BITMIME\r\n");

  SECTION("without AUTH, and SIZE with no fixed limit") {
    ehlo.capabilities = kPipelining | kSize;
    ehlo.number = 0;
    CHECK(formatted(ehlo) == "250-mx.campus.example\r\n250-PIPELINING\r\n250 SIZE\r\n");
  }
  SECTION("with no capability it is one line") {
    ehlo.capabilities = 0;
    CHECK(formatted(ehlo) == "250 mx.campus.example\r\n");
  }
}

TEST_CASE("Commands are rendered as a client sends them", "[wire]") {
  Command mail = make_command(Verb::Mail, "alice@campus.example");
  CHECK(formatted(mail) == "MAIL FROM:<alice@campus.example>\r\n");
  mail.size = 2048;
  CHECK(formatted(mail) == "MAIL FROM:<alice@campus.example> SIZE=2048\r\n");
  CHECK(formatted(make_command(Verb::Mail, "")) == "MAIL FROM:<>\r\n");
  CHECK(formatted(make_command(Verb::Rcpt, "bob@victim.example")) == "RCPT TO:<bob@victim.example>\r\n");
  CHECK(formatted(make_command(Verb::Ehlo, "client.example")) == "EHLO client.example\r\n");
  CHECK(formatted(make_command(Verb::Data)) == "DATA\r\n");
  CHECK(formatted(make_command(Verb::Quit)) == "QUIT\r\n");
  CHECK(formatted(make_command(Verb::Unknown, "EXPN")) == "EXPN\r\n");

  Command end_of_data = make_command(Verb::EndOfData);
  end_of_data.size = 512;
  CHECK(formatted(end_of_data) == "<message content, 512 octets>\r\n.\r\n");
}

TEST_CASE("AUTH secrets are redacted in transcripts unless asked otherwise", "[wire]") {
  Command auth = make_command(Verb::Auth, "PLAIN");
  auth.initial_response = "AGFsaWNlAHNlY3JldA==";
  CHECK(formatted(auth) == "AUTH PLAIN <redacted>\r\n");
  CHECK(formatted(auth, false) == "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
  CHECK(formatted(make_command(Verb::Auth, "LOGIN")) == "AUTH LOGIN\r\n");
  CHECK(formatted(make_command(Verb::AuthResponse, "c2VjcmV0")) == "<redacted>\r\n");
  CHECK(formatted(make_command(Verb::AuthResponse, "c2VjcmV0"), false) == "c2VjcmV0\r\n");
  CHECK(formatted(make_command(Verb::AuthResponse, "*")) == "*\r\n");
}

TEST_CASE("A formatted command parses back to the same command", "[wire]") {
  Command mail = make_command(Verb::Mail, "\"a b\"@campus.example");
  mail.size = 99;
  for (const Command& original : {mail, make_command(Verb::Rcpt, "@r.example:bob@victim.example"),
                                  make_command(Verb::Helo, "client.example"), make_command(Verb::Vrfy, "bob")}) {
    std::string line = formatted(original);
    line.resize(line.size() - 2);
    const Command parsed = must_parse(line);
    CHECK(parsed.verb == original.verb);
    CHECK(parsed.argument == original.argument);
    CHECK(parsed.size == original.size);
  }
}

TEST_CASE("Verb names are the wire verbs, and Postfix's log names for the rest", "[wire]") {
  CHECK(verb_name(Verb::Mail) == "MAIL");
  CHECK(verb_name(Verb::Rcpt) == "RCPT");
  CHECK(verb_name(Verb::Ehlo) == "EHLO");
  CHECK(verb_name(Verb::AuthResponse) == "AUTH");
  CHECK(verb_name(Verb::EndOfData) == "END-OF-MESSAGE");
  CHECK(verb_name(Verb::Unknown) == "UNKNOWN");
}
