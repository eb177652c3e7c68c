// Parsing command lines as Postfix 3.7's smtpd does; formatting replies as Postfix words them.
#include "smtp/wire.h"

#include <catch2/catch.hpp>
#include <string>

using namespace relaysim::smtp;

namespace {

Command must_parse(std::string_view line, const ParseRules& rules = {}) {
  const ParsedLine parsed = parse_command_line(line, rules);
  INFO("line: " << line);
  REQUIRE(std::holds_alternative<Command>(parsed));
  REQUIRE_FALSE(std::get<Command>(parsed).faulty());
  return std::get<Command>(parsed);
}

// The wire text of the reply a line is refused with (no command at all, or a command's fault),
// without the CRLF.
std::string refusal_of(std::string_view line, const ParseRules& rules = {}) {
  const ParsedLine parsed = parse_command_line(line, rules);
  INFO("line: " << line);
  const Command* command = std::get_if<Command>(&parsed);
  REQUIRE((command == nullptr || command->faulty()));
  std::string text;
  format_reply(command ? command->fault_reply() : std::get<Reply>(parsed), ServerIdentity{"mx.campus.example"}, text);
  REQUIRE(text.ends_with("\r\n"));
  text.resize(text.size() - 2);
  return text;
}

FaultStage stage_of(std::string_view line) {
  const ParsedLine parsed = parse_command_line(line);
  REQUIRE(std::holds_alternative<Command>(parsed));
  return std::get<Command>(parsed).fault_stage;
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

TEST_CASE("HELO and EHLO need a host name: their reply has no enhanced status", "[wire]") {
  CHECK(refusal_of("HELO") == "501 Syntax: HELO hostname");
  CHECK(refusal_of("EHLO   ") == "501 Syntax: EHLO hostname");
  CHECK(must_parse("EHLO  [192.0.2.7] ").argument == "[192.0.2.7]");
  CHECK(must_parse("HELO client  example").argument == "client  example");  // every word; the session collapses them
}

TEST_CASE("Words are split as Postfix's smtpd_token splits them", "[wire]") {
  std::string words;
  collapse_arguments("Alice \t Smith\r<a b@c>  \"x  y\" to:z", words);
  CHECK(words == "Alice Smith <a b@c> \"x  y\" to: z");  // "to:" ends a word, as in "RCPT TO:<...>"
  collapse_arguments("a\\ b <c<d>e> f", words);
  CHECK(words == "a\\ b <c<d>e> f");  // a backslash escapes the space; brackets nest
  collapse_arguments("  ", words);
  CHECK(words.empty());
  collapse_arguments("mx.campus.example", words);
  CHECK(words == "mx.campus.example");  // one word: as it came
  collapse_arguments("to:z", words);
  CHECK(words == "to: z");  // one word to the eye, two to smtpd
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
  SECTION("nested brackets stay for the address parser") {
    CHECK(must_parse("MAIL FROM:<<alice@campus.example>>").argument == "<alice@campus.example>");
    CHECK(must_parse("MAIL FROM:Alice<alice@campus.example>").argument == "Alice<alice@campus.example>");
    CHECK(must_parse("MAIL FROM:<a>junk").argument == "<a>junk");
  }
  SECTION("BODY, AUTH=, SMTPUTF8 and the DSN parameters RET and ENVID are accepted") {
    CHECK(must_parse("MAIL FROM:<a@b.example> BODY=7BIT AUTH=<> SMTPUTF8 RET=hdrs ENVID=a+2Bb=c").size == 0);
    CHECK(must_parse("MAIL FROM:<a@b.example> size=1 SIZE=2").size == 2);  // the last SIZE counts
  }
  SECTION("SIZE up to 2^63 - 1 is a number; the session refuses what is over its limit") {
    CHECK(must_parse("MAIL FROM:<a@b.example> SIZE=9223372036854775807").size == 9223372036854775807ULL);
    CHECK(refusal_of("MAIL FROM:<a@b.example> SIZE=9223372036854775808") ==
          "552 5.3.4 Message size exceeds file system imposed limit");
  }
}

TEST_CASE("Malformed MAIL commands carry Postfix's replies, each for its stage of the checks", "[wire]") {
  CHECK(refusal_of("MAIL TO:<a@b.example>") == "501 5.5.4 Syntax: MAIL FROM:<address>");
  CHECK(refusal_of("MAIL FROM :<a@b.example>") == "501 5.5.4 Syntax: MAIL FROM:<address>");
  CHECK(refusal_of("MAIL FROM:") == "501 5.5.4 Syntax: MAIL FROM:<address>");
  CHECK(refusal_of("MAIL") == "501 5.5.4 Syntax: MAIL FROM:<address>");
  CHECK(stage_of("MAIL") == FaultStage::Form);
  CHECK(refusal_of("MAIL FROM:<a@b.example") == "501 5.1.7 Bad sender address syntax");
  CHECK(stage_of("MAIL FROM:<a@b.example") == FaultStage::Path);
  CHECK(refusal_of("MAIL FROM:<a@b.example> FOO=1") == "555 5.5.4 Unsupported option: FOO=1");
  CHECK(stage_of("MAIL FROM:<a@b.example> FOO=1") == FaultStage::Parameters);
  CHECK(refusal_of("MAIL FROM:<a@b.example> SMTPUTF8=yes") == "555 5.5.4 Unsupported option: SMTPUTF8=yes");
  CHECK(refusal_of("MAIL FROM:<a@b.example> SIZE=12k") == "501 5.5.4 Bad message size syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> SIZE=") == "501 5.5.4 Bad message size syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> SIZE=-1") == "501 5.5.4 Bad message size syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> RET=SOME") == "501 5.5.4 Bad RET parameter syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> RET=FULL RET=FULL") == "501 5.5.4 Bad RET parameter syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> ENVID=a ENVID=b") == "501 5.5.4 Bad ENVID parameter syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> ENVID=") == "501 5.5.4 Bad ENVID parameter syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> ENVID=a+2") == "501 5.5.4 Bad ENVID parameter syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> ENVID=a+0A") == "501 5.5.4 Bad ENVID parameter syntax");
  CHECK(refusal_of("MAIL FROM:<a@b.example> AUTH=a AUTH=b") == "503 5.5.4 Error: multiple AUTH= options");
  SECTION("without SMTPUTF8 support the keyword is unknown") {
    CHECK(refusal_of("MAIL FROM:<a@b.example> SMTPUTF8", ParseRules{false}) == "555 5.5.4 Unsupported option: SMTPUTF8");
  }
}

TEST_CASE("RCPT TO takes the path inside the brackets and DSN parameters", "[wire]") {
  const Command rcpt = must_parse("RCPT TO:<bob@victim.example> NOTIFY=NEVER ORCPT=rfc822;bob@victim.example");
  CHECK(rcpt.verb == Verb::Rcpt);
  CHECK(rcpt.argument == "bob@victim.example");
  CHECK(must_parse("rcpt to: <@relay.example:bob@victim.example>").argument == "@relay.example:bob@victim.example");

  CHECK(must_parse("RCPT TO:<a@b.example> NOTIFY=success,,DELAY ORCPT=utf-8;a+0A").argument == "a@b.example");
  CHECK(must_parse("RCPT TO:<a@b.example> ORCPT=x;").argument == "a@b.example");

  CHECK(refusal_of("RCPT TO:") == "501 5.5.4 Syntax: RCPT TO:<address>");
  CHECK(refusal_of("RCPT FROM:<a@b.example>") == "501 5.5.4 Syntax: RCPT TO:<address>");
  CHECK(refusal_of("RCPT TO:<a@b.example") == "501 5.1.3 Bad recipient address syntax");
  CHECK(refusal_of("RCPT TO:<a@b.example> SIZE=10") == "555 5.5.4 Unsupported option: SIZE=10");
  CHECK(refusal_of("RCPT TO:<a@b.example> (Alice)") == "555 5.5.4 Unsupported option: (Alice)");
  for (const char* notify : {"NOTIFY=SOMETIMES", "NOTIFY=NEVER,SUCCESS", "NOTIFY=", "NOTIFY=NEVER NOTIFY=NEVER"}) {
    CHECK(refusal_of(std::string("RCPT TO:<a@b.example> ") + notify) == "501 5.5.4 Error: Bad NOTIFY parameter syntax");
  }
  for (const char* orcpt : {"ORCPT=alice", "ORCPT=;a", "ORCPT=x;a+2", "ORCPT=x;a ORCPT=x;b"}) {
    CHECK(refusal_of(std::string("RCPT TO:<a@b.example> ") + orcpt) == "501 5.5.4 Error: Bad ORCPT parameter syntax");
  }
}

TEST_CASE("A domain literal is no token of its own to Postfix's smtpd", "[wire]") {
  // Postfix 3.7 answers all of these as shown (tests/postfix): its tokenizer knows "<...>" and
  // "...", not "[...]", so a '"' inside a literal opens a quoted string and a '>' ends the path.
  CHECK(refusal_of("RCPT TO:<\"u@x\"@[tag:a\"b]>") == "501 5.1.3 Bad recipient address syntax");
  CHECK(refusal_of("MAIL FROM:<u@[tag:\"]> SIZE=5") == "501 5.1.7 Bad sender address syntax");
  // extract_addr drops the first '<' and the last '>', whatever closed the path for the tokenizer.
  CHECK(must_parse("RCPT TO:<u@[tag:a>b]> NOTIFY=NEVER").argument == "u@[tag:a>b]");
  CHECK(must_parse("RCPT TO:<a>b@campus.example>").argument == "a>b@campus.example");
  CHECK(must_parse("RCPT TO:<alice@[192.0.2.10>").argument == "alice@[192.0.2.10");  // an unclosed literal
}

TEST_CASE("AUTH takes a mechanism and an optional initial response", "[wire]") {
  const Command plain = must_parse("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
  CHECK(plain.verb == Verb::Auth);
  CHECK(plain.argument == "PLAIN");
  CHECK(plain.initial_response == "AGFsaWNlAHNlY3JldA==");
  CHECK(must_parse("auth login").initial_response.empty());
  CHECK(refusal_of("AUTH") == "501 5.5.4 Syntax: AUTH mechanism");
  CHECK(refusal_of("AUTH PLAIN a b") == "501 5.5.4 Syntax: AUTH mechanism");
}

TEST_CASE("DATA, RSET and STARTTLS take no argument: NOOP and QUIT ignore theirs", "[wire]") {
  CHECK(refusal_of("DATA now") == "501 5.5.4 Syntax: DATA");
  CHECK(refusal_of("RSET all") == "501 5.5.4 Syntax: RSET");
  CHECK(refusal_of("STARTTLS now") == "501 5.5.4 Syntax: STARTTLS");
  CHECK(must_parse("STARTTLS").verb == Verb::Starttls);
  CHECK(must_parse("NOOP hello").verb == Verb::Noop);
  CHECK(must_parse("QUIT now").verb == Verb::Quit);
}

TEST_CASE("VRFY takes its words, less a last SMTPUTF8", "[wire]") {
  CHECK(must_parse("VRFY postmaster").argument == "postmaster");
  CHECK(must_parse("VRFY Alice  <alice@campus.example> smtputf8").argument == "Alice  <alice@campus.example>");
  CHECK(refusal_of("VRFY") == "501 5.5.4 Syntax: VRFY address [SMTPUTF8]");
  CHECK(refusal_of("VRFY SMTPUTF8") == "501 5.5.4 Syntax: VRFY address [SMTPUTF8]");
  CHECK(refusal_of("VRFY", ParseRules{false}) == "501 5.5.4 Syntax: VRFY address");
  CHECK(must_parse("VRFY SMTPUTF8", ParseRules{false}).argument == "SMTPUTF8");
}

TEST_CASE("ETRN takes one domain or address literal, BDAT a count and LAST", "[wire]") {
  CHECK(must_parse("ETRN @backup.example").argument == "backup.example");
  CHECK(must_parse("ETRN #backup.example").argument == "backup.example");
  CHECK(must_parse("ETRN [192.0.2.1]").argument == "[192.0.2.1]");
  CHECK(refusal_of("ETRN") == "500 Syntax: ETRN domain");
  CHECK(refusal_of("ETRN a b") == "500 Syntax: ETRN domain");
  CHECK(refusal_of("ETRN bad_name!") == "501 Error: invalid parameter syntax");
  CHECK(refusal_of("ETRN 192.0.2.1") == "501 Error: invalid parameter syntax");

  const Command bdat = must_parse("bdat 7 last");
  CHECK(bdat.verb == Verb::Bdat);
  CHECK(bdat.size == 7);
  CHECK(bdat.last_chunk);
  CHECK_FALSE(must_parse("BDAT 0").last_chunk);
  for (const char* bad : {"BDAT", "BDAT x", "BDAT -1", "BDAT 5 FOO", "BDAT 1 LAST extra", "BDAT 99999999999999999999"}) {
    CHECK(refusal_of(bad) == "521 5.5.4 Syntax: BDAT count [LAST]");
  }
}

TEST_CASE("Unknown verbs, empty lines and lines that are not SMTP are refused as Postfix refuses them", "[wire]") {
  CHECK(refusal_of("EXPN staff") == "500 5.5.2 Error: command not recognized");
  CHECK(refusal_of("MAILFROM <a@b.example>") == "500 5.5.2 Error: command not recognized");
  CHECK(refusal_of("") == "500 5.5.2 Error: bad syntax");
  CHECK(refusal_of("   ") == "500 5.5.2 Error: bad syntax");
  CHECK(refusal_of("XCLIENT") == "501 5.5.4 Syntax: XCLIENT attribute=value...");
  CHECK(must_parse("XFORWARD ADDR=192.0.2.1").verb == Verb::Xforward);
  SECTION("smtpd_forbidden_commands: HTTP methods, header lines, a first octet that is no letter") {
    for (const char* line : {"GET / HTTP/1.0", "post /x HTTP/1.1", "CONNECT a:25 HTTP/1.0", "Subject: hi",
                             "X-Mailer:thing", "From:<a@b>", "MAILFROM:<a@b>", "*", "=", "@@@@", "\xc3\xa9HLO x",
                             "<a> b"}) {
      CHECK(refusal_of(line) == "221 2.7.0 Error: I can break rules, too. Goodbye.");
    }
    CHECK(refusal_of("GETTER") == "500 5.5.2 Error: command not recognized");
    CHECK(refusal_of("Subject : x") == "500 5.5.2 Error: command not recognized");  // two words: no header
  }
}

TEST_CASE("Postfix reads a command line as a C string that must be UTF-8", "[wire]") {
  CHECK(must_parse(std::string_view("NOOP\0junk", 9)).verb == Verb::Noop);
  CHECK(refusal_of(std::string_view("NO\0OP", 6)) == "500 5.5.2 Error: command not recognized");
  CHECK(refusal_of(std::string_view("\0", 1)) == "500 5.5.2 Error: bad syntax");
  CHECK(refusal_of("N\xffOP") == "500 5.5.2 Error: bad UTF-8 syntax");
  CHECK(refusal_of("RCPT TO:<al\xef" "ce@campus.example>") == "500 5.5.2 Error: bad UTF-8 syntax");
  CHECK(must_parse("EHLO cl\xc3\xaf" "ent.example").verb == Verb::Ehlo);
  CHECK(refusal_of("N\xffOP", ParseRules{false}) == "500 5.5.2 Error: command not recognized");
  CHECK(refusal_of("\xffOP", ParseRules{false}) == "221 2.7.0 Error: I can break rules, too. Goodbye.");
  CHECK(must_parse("NOOP\rNOOP").verb == Verb::Noop);  // a bare CR separates words
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
      {ReplyText::VrfyDisabled, "502 5.5.1 VRFY command is disabled"},
      {ReplyText::AuthSucceeded, "235 2.7.0 Authentication successful"},
      {ReplyText::AuthFailed, "535 5.7.8 Error: authentication failed: bob@victim.example"},
      {ReplyText::AuthNotEnabled, "503 5.5.1 Error: authentication not enabled"},
      {ReplyText::AuthAlreadyDone, "503 5.5.1 Error: already authenticated"},
      {ReplyText::AuthCancelled, "501 5.7.0 Authentication aborted"},
      {ReplyText::AuthRequired, "530 5.7.0 Authentication required"},
      {ReplyText::AuthTemporaryFailure, "454 4.7.0 Temporary authentication failure: bob@victim.example"},
      {ReplyText::CommandUnknown, "500 5.5.2 Error: command not recognized"},
      {ReplyText::BadSequence, "503 5.5.1 Error: bob@victim.example"},
      {ReplyText::SyntaxError, "501 5.5.4 Syntax: bob@victim.example"},
      {ReplyText::HeloSyntax, "501 Syntax: bob@victim.example"},
      {ReplyText::NoValidRecipients, "554 5.5.1 Error: no valid recipients"},
      {ReplyText::RelayDenied, "554 5.7.1 <bob@victim.example>: Relay access denied"},
      {ReplyText::UnknownLocalUser,
       "550 5.1.1 <bob@victim.example>: Recipient address rejected: User unknown in local recipient table"},
      {ReplyText::RecipientAccessDenied, "554 5.7.1 <bob@victim.example>: Recipient address rejected: Access denied"},
      {ReplyText::TooManyRecipients, "452 4.5.3 Error: too many recipients"},
      {ReplyText::MessageTooBig, "552 5.3.4 Message size exceeds fixed limit"},
      {ReplyText::MessageFileTooBig, "552 5.3.4 Error: message file too big"},
      {ReplyText::SizeOverflow, "552 5.3.4 Message size exceeds file system imposed limit"},
      {ReplyText::TooManyHops, "554 5.4.0 Error: too many hops"},
      {ReplyText::TooManyConnections, "421 4.7.0 mx.campus.example Error: too many connections"},
      {ReplyText::TooManyErrors, "421 4.7.0 mx.campus.example Error: too many errors"},
      {ReplyText::TimeoutExceeded, "421 4.4.2 mx.campus.example Error: timeout exceeded"},
      {ReplyText::ServiceUnavailable, "421 4.3.2 mx.campus.example Service not available, closing transmission channel"},
      {ReplyText::BadSenderSyntax, "501 5.1.7 Bad sender address syntax"},
      {ReplyText::BadRecipientSyntax, "501 5.1.3 Bad recipient address syntax"},
      {ReplyText::AuthLineTooLong, "500 5.5.6 SASL response limit exceeded"},
      {ReplyText::BadSyntax, "500 5.5.2 Error: bad syntax"},
      {ReplyText::BadUtf8, "500 5.5.2 Error: bad UTF-8 syntax"},
      {ReplyText::NonSmtpCommand, "221 2.7.0 Error: I can break rules, too. Goodbye."},
      {ReplyText::UnsupportedOption, "555 5.5.4 Unsupported option: bob@victim.example"},
      {ReplyText::BadSizeSyntax, "501 5.5.4 Bad message size syntax"},
      {ReplyText::BadRetSyntax, "501 5.5.4 Bad RET parameter syntax"},
      {ReplyText::BadEnvidSyntax, "501 5.5.4 Bad ENVID parameter syntax"},
      {ReplyText::MultipleAuthOptions, "503 5.5.4 Error: multiple AUTH= options"},
      {ReplyText::BadNotifySyntax, "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
      {ReplyText::BadOrcptSyntax, "501 5.5.4 Error: Bad ORCPT parameter syntax"},
      {ReplyText::VrfyResult, "252 2.0.0 bob@victim.example"},
      {ReplyText::NotImplemented, "502 5.5.1 Error: command not implemented"},
      {ReplyText::InsufficientAuthorization, "550 5.7.0 Error: insufficient authorization"},
      {ReplyText::EtrnSyntax, "500 Syntax: ETRN domain"},
      {ReplyText::EtrnBadParameter, "501 Error: invalid parameter syntax"},
      {ReplyText::EtrnBadSequence, "503 Error: bob@victim.example"},
      {ReplyText::EtrnStarted, "250 Queuing started"},
      {ReplyText::EtrnRefused, "459 <bob@victim.example>: service unavailable"},
      {ReplyText::BdatChunkAccepted, "250 2.0.0 Ok: 0 bytes"},
      {ReplyText::BdatQueued, "250 2.0.0 Ok: bob@victim.example bytes queued as 0"},
      {ReplyText::BdatNull, "551 5.7.1 Null BDAT request"},
      {ReplyText::BdatDiscarded, "551 5.0.0 Discarded 0 bytes after earlier error"},
      {ReplyText::BdatChunkTooBig, "552 5.3.4 Chunk exceeds message size limit"},
      {ReplyText::BdatSyntax, "521 5.5.4 Syntax: BDAT count [LAST]"},
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

TEST_CASE("The EHLO reply is multi-line with one capability per line, in Postfix's order", "[wire]") {
  Reply ehlo = make_reply(ReplyText::EhloCapabilities);
  ehlo.number = 10240000;
  ehlo.capabilities = kChunking | kSmtpUtf8 | kDsn | k8BitMime | kEnhancedStatusCodes | kAuthPlain | kAuthLogin |
                      kEtrn | kVrfy | kSize | kPipelining;
  CHECK(formatted(ehlo) ==
        "250-mx.campus.example\r\n"
        "250-PIPELINING\r\n"
        "250-SIZE 10240000\r\n"
        "250-VRFY\r\n"
        "250-ETRN\r\n"
        "250-AUTH PLAIN LOGIN\r\n"
        "250-ENHANCEDSTATUSCODES\r\n"
        "250-8BITMIME\r\n"
        "250-DSN\r\n"
        "250-SMTPUTF8\r\n"
        "250 CHUNKING\r\n");

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
  CHECK(formatted(make_command(Verb::Etrn, "backup.example")) == "ETRN backup.example\r\n");
  Command bdat = make_command(Verb::Bdat);
  bdat.size = 7;
  bdat.last_chunk = true;
  CHECK(formatted(bdat) == "BDAT 7 LAST\r\n");

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
  CHECK(verb_name(Verb::Bdat) == "BDAT");
  CHECK(verb_name(Verb::Xforward) == "XFORWARD");
  CHECK(verb_name(Verb::Unknown) == "UNKNOWN");
}
