// The fields a hop and a final delivery prepend, in the form Postfix 3.7's smtpd and local write.
#include "mail/message_text.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace relaysim::mail;

namespace {

constexpr UnixSeconds kMonday = 1772442000;  // Mon,  2 Mar 2026 09:00:00 UTC

ReceivedHop relay_hop() {
  ReceivedHop hop;
  hop.helo = "bot17.dsl.example";
  hop.client_name = "unknown";
  hop.client_ip = (198u << 24) | (51u << 16) | (100u << 8) | 17u;
  hop.by = "relay.open.example";
  hop.protocol = ReceivedProtocol::Smtp;
  hop.queue_id = 0x4B2A1C;
  hop.for_recipient = "ana@campus.example";
  hop.date = kMonday;
  return hop;
}

}  // namespace

TEST_CASE("A hop's Received header names the HELO name, the client's address, the protocol and the queue id") {
  CHECK(received_header(relay_hop()) ==
        "Received: from bot17.dsl.example (unknown [198.51.100.17])\n"
        "\tby relay.open.example (Postfix) with SMTP id 4B2A1C\n"
        "\tfor <ana@campus.example>; Mon,  2 Mar 2026 09:00:00 +0000 (UTC)\n");
}

TEST_CASE("A Received header for a transaction with several recipients names none of them") {
  ReceivedHop hop = relay_hop();
  hop.for_recipient.reset();
  hop.protocol = ReceivedProtocol::Esmtpa;
  CHECK(received_header(hop) ==
        "Received: from bot17.dsl.example (unknown [198.51.100.17])\n"
        "\tby relay.open.example (Postfix) with ESMTPA\n"
        "\tid 4B2A1C; Mon,  2 Mar 2026 09:00:00 +0000 (UTC)\n");
}

TEST_CASE("A bounce the server made itself is received from no client, as Postfix's post_mail writes it") {
  ReceivedHop hop = relay_hop();
  hop.posted_locally = true;
  CHECK(received_header(hop) ==
        "Received: by relay.open.example (Postfix)\n"
        "\tid 4B2A1C; Mon,  2 Mar 2026 09:00:00 +0000 (UTC)\n");
}

TEST_CASE("The protocol is SMTP after HELO, ESMTP after EHLO and ESMTPA after AUTH, never a TLS name") {
  CHECK(protocol_name(ReceivedProtocol::Smtp) == "SMTP");
  CHECK(protocol_name(ReceivedProtocol::Esmtp) == "ESMTP");
  CHECK(protocol_name(ReceivedProtocol::Esmtpa) == "ESMTPA");
}

TEST_CASE("A delivered message carries the delivery's fields, then the hops newest first, then the author's") {
  ReceivedHop first = relay_hop();
  ReceivedHop second = relay_hop();
  second.helo = "relay.open.example";
  second.client_name = "relay.open.example";
  second.by = "mx.campus.example";
  second.protocol = ReceivedProtocol::Esmtp;
  second.date = kMonday + 1;
  const std::vector<ReceivedHop> hops = {first, second};

  MessageContent content;
  content.from = "Banco Ejemplo <avisos@banco.example>";
  content.to = {"ana@campus.example"};
  content.subject = "Su cuenta";
  content.date = kMonday;
  content.message_id = "1.42@bot17.dsl.example";
  content.body = "Hello";

  const std::string text = message_text({"spam@bot.example", "ana@campus.example", "ana@campus.example", ""}, hops, content);
  CHECK(text.rfind("Return-Path: <spam@bot.example>\nX-Original-To: ana@campus.example\n"
                   "Delivered-To: ana@campus.example\nReceived: from relay.open.example (relay.open.example",
                   0) == 0);
  CHECK(text.find("by mx.campus.example") < text.find("by relay.open.example"));
  CHECK(text.find("From: Banco Ejemplo <avisos@banco.example>\n") != std::string::npos);
  CHECK(text.find("Message-ID: <1.42@bot17.dsl.example>\n") != std::string::npos);
  CHECK(text.find("Content-Type: text/plain; charset=UTF-8\n") != std::string::npos);
  CHECK(text.substr(text.size() - 7) == "\nHello\n");  // an empty line, then the body ended by a newline
}

TEST_CASE("The null envelope sender is written as an empty Return-Path") {
  const std::string text = message_text({"", "ana@campus.example", "ana@campus.example", ""}, {}, MessageContent{});
  CHECK(text.rfind("Return-Path: <>\n", 0) == 0);
}

TEST_CASE("A display name that is not one atom is quoted, and one that is not ASCII is encoded") {
  CHECK(mailbox_header_value("avisos@banco.example") == "avisos@banco.example");
  CHECK(mailbox_header_value("Banco <avisos@banco.example>") == "Banco <avisos@banco.example>");
  CHECK(mailbox_header_value("Banco, S.A. <avisos@banco.example>") == "\"Banco, S.A.\" <avisos@banco.example>");
  CHECK(mailbox_header_value("Say \"hi\" <a@b.example>") == "\"Say \\\"hi\\\"\" <a@b.example>");
  CHECK(mailbox_header_value("Atención <a@b.example>") == "=?UTF-8?B?QXRlbmNpw7Nu?= <a@b.example>");
}

TEST_CASE("A subject that is not ASCII becomes encoded words that never split a character") {
  CHECK(header_text("Hello") == "Hello");
  CHECK(header_text("Tu contraseña") == "=?UTF-8?B?VHUgY29udHJhc2XDsWE=?=");
  const std::string long_text(44, 'a');
  const std::string encoded = header_text(long_text + "ñ");  // the ñ would straddle the 45-byte cut
  CHECK(encoded == "=?UTF-8?B?" "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=" "?=\n =?UTF-8?B?w7E=?=");
}

TEST_CASE("A line break in an address cannot start a header field of its own") {
  MessageContent content;
  content.from = "a@b.example\nBcc: victim@c.example";
  content.to = {"x@y.example\r\nX-Injected: 1"};
  const std::string text = header_section({}, content);
  CHECK(text.find("\nBcc:") == std::string::npos);
  CHECK(text.find("\nX-Injected:") == std::string::npos);
  CHECK(text.find("From: a@b.example?Bcc: victim@c.example\n") != std::string::npos);
}

TEST_CASE("The final server's Authentication-Results comes first after Delivered-To, a signature before Date") {
  MessageContent content;
  content.dkim_domain = "banco.example";
  content.dkim_selector = "s2026";
  const std::string text = message_text(
      {"avisos@banco.example", "ana@campus.example", "ana@campus.example",
       "mx.campus.example;\n\tspf=pass smtp.mailfrom=banco.example"},
      {}, content);
  CHECK(text.find("Delivered-To: ana@campus.example\nAuthentication-Results: mx.campus.example;\n"
                  "\tspf=pass smtp.mailfrom=banco.example\n") != std::string::npos);
  CHECK(text.find("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=banco.example; s=s2026;") <
        text.find("Date: "));
}

TEST_CASE("A real client's message is written as it sent it, under the delivery's fields and the hops") {
  MessageContent content;
  content.subject = "unused";
  content.verbatim = "From: Alice <alice@campus.example>\nSubject: lab\n  continued\n\nHello.\n";
  const std::vector<ReceivedHop> hops = {relay_hop()};
  const std::string text = message_text({"alice@campus.example", "bob@x.example", "bob@x.example", ""}, hops, content);
  const std::size_t received = text.find("Received: from bot17.dsl.example");
  REQUIRE(received != std::string::npos);
  CHECK(text.substr(text.find("From: Alice")) ==
        "From: Alice <alice@campus.example>\nSubject: lab\n  continued\n\nHello.\n");
  CHECK(text.find("unused") == std::string::npos);
  CHECK(text.find("Message-ID") == std::string::npos);  // Postfix adds none for a remote client
}

TEST_CASE("A client's text that does not start with header fields is all body, after a blank line") {
  MessageContent content;
  content.verbatim = "just some words\nand more\n";
  const std::string text = message_text({"a@b.example", "c@d.example", "c@d.example", ""}, {}, content);
  CHECK(text.find("Delivered-To: c@d.example\n\njust some words\nand more\n") != std::string::npos);
  CHECK(header_section({}, content, "").empty());
}
