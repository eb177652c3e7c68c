// The one table of reply defaults (code, enhanced status) and Postfix wordings, shared by
// make_reply and the formatter so that a reply's number and its text never disagree.
#pragma once

#include <cstdint>
#include <string_view>

#include "smtp/reply.h"

namespace relaysim::smtp::detail {

// Placeholders in `wording`: {host} the server's name, {arg} Reply::arg, {addr} the address in
// Reply::arg as Postfix quotes it (its internal form: no source route, no quotes), {id} Reply::number
// in upper-case hex (Postfix queue ids), {count} Reply::number in decimal (octets), {ip} Reply::number
// as an IPv4 address, {prompt} the base64 AUTH prompt picked by Reply::number.
struct ReplyWording {
  ReplyText text;
  std::uint16_t code;
  EnhancedStatus status;
  std::string_view wording;
};

const ReplyWording& wording_of(ReplyText text);

}  // namespace relaysim::smtp::detail
