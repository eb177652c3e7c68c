// Reply defaults and wordings, one row per ReplyText, worded as Postfix 3.7 words them.
#include "smtp/reply_table.h"

#include <array>
#include <charconv>
#include <cstddef>

namespace relaysim::smtp {
namespace detail {
namespace {

using RT = ReplyText;
constexpr EnhancedStatus kNone{};

// Rows are in ReplyText order; the static_assert below keeps them so.
constexpr std::array kWordings{
    ReplyWording{RT::Greeting, 220, kNone, "{host} ESMTP relaysim"},
    ReplyWording{RT::EhloCapabilities, 250, kNone, "{host}"},
    ReplyWording{RT::HeloOk, 250, kNone, "{host}"},
    ReplyWording{RT::Ok, 250, {2, 0, 0}, "Ok"},
    ReplyWording{RT::SenderOk, 250, {2, 1, 0}, "Ok"},
    ReplyWording{RT::RecipientOk, 250, {2, 1, 5}, "Ok"},
    ReplyWording{RT::StartMailInput, 354, kNone, "End data with <CR><LF>.<CR><LF>"},
    ReplyWording{RT::Queued, 250, {2, 0, 0}, "Ok: queued as {id}"},
    ReplyWording{RT::Bye, 221, {2, 0, 0}, "Bye"},
    ReplyWording{RT::VrfyDisabled, 502, {5, 5, 1}, "VRFY command is disabled"},
    ReplyWording{RT::AuthChallenge, 334, kNone, "{prompt}"},
    ReplyWording{RT::AuthSucceeded, 235, {2, 7, 0}, "Authentication successful"},
    ReplyWording{RT::AuthFailed, 535, {5, 7, 8}, "Error: authentication failed: {arg}"},
    ReplyWording{RT::AuthNotEnabled, 503, {5, 5, 1}, "Error: authentication not enabled"},
    ReplyWording{RT::AuthAlreadyDone, 503, {5, 5, 1}, "Error: already authenticated"},
    ReplyWording{RT::AuthCancelled, 501, {5, 7, 0}, "Authentication aborted"},
    ReplyWording{RT::AuthRequired, 530, {5, 7, 0}, "Authentication required"},
    ReplyWording{RT::AuthTemporaryFailure, 454, {4, 7, 0}, "Temporary authentication failure: {arg}"},
    ReplyWording{RT::CommandUnknown, 500, {5, 5, 2}, "Error: command not recognized"},
    ReplyWording{RT::BadSequence, 503, {5, 5, 1}, "Error: {arg}"},
    ReplyWording{RT::SyntaxError, 501, {5, 5, 4}, "Syntax: {arg}"},
    ReplyWording{RT::HeloSyntax, 501, kNone, "Syntax: {arg}"},
    ReplyWording{RT::NoValidRecipients, 554, {5, 5, 1}, "Error: no valid recipients"},
    ReplyWording{RT::RelayDenied, 554, {5, 7, 1}, "<{addr}>: Relay access denied"},
    ReplyWording{RT::UnknownLocalUser, 550, {5, 1, 1},
                 "<{addr}>: Recipient address rejected: User unknown in local recipient table"},
    ReplyWording{RT::UnknownRelayUser, 550, {5, 1, 1},
                 "<{addr}>: Recipient address rejected: User unknown in relay recipient table"},
    ReplyWording{RT::RecipientAccessDenied, 554, {5, 7, 1},
                 "<{addr}>: Recipient address rejected: Access denied"},
    ReplyWording{RT::TooManyRecipients, 452, {4, 5, 3}, "Error: too many recipients"},
    ReplyWording{RT::MessageTooBig, 552, {5, 3, 4}, "Message size exceeds fixed limit"},
    ReplyWording{RT::MessageFileTooBig, 552, {5, 3, 4}, "Error: message file too big"},
    ReplyWording{RT::SizeOverflow, 552, {5, 3, 4}, "Message size exceeds file system imposed limit"},
    ReplyWording{RT::TooManyHops, 554, {5, 4, 0}, "Error: too many hops"},
    ReplyWording{RT::TooManyConnections, 421, {4, 7, 0}, "{host} Error: too many connections"},
    ReplyWording{RT::TooManyErrors, 421, {4, 7, 0}, "{host} Error: too many errors"},
    ReplyWording{RT::TimeoutExceeded, 421, {4, 4, 2}, "{host} Error: timeout exceeded"},
    ReplyWording{RT::ServiceUnavailable, 421, {4, 3, 2},
                 "{host} Service not available, closing transmission channel"},
    ReplyWording{RT::BadSenderSyntax, 501, {5, 1, 7}, "Bad sender address syntax"},
    ReplyWording{RT::BadRecipientSyntax, 501, {5, 1, 3}, "Bad recipient address syntax"},
    ReplyWording{RT::AuthLineTooLong, 500, {5, 5, 6}, "SASL response limit exceeded"},
    ReplyWording{RT::BadSyntax, 500, {5, 5, 2}, "Error: bad syntax"},
    ReplyWording{RT::BadUtf8, 500, {5, 5, 2}, "Error: bad UTF-8 syntax"},
    ReplyWording{RT::NonSmtpCommand, 221, {2, 7, 0}, "Error: I can break rules, too. Goodbye."},
    ReplyWording{RT::UnsupportedOption, 555, {5, 5, 4}, "Unsupported option: {arg}"},
    ReplyWording{RT::BadSizeSyntax, 501, {5, 5, 4}, "Bad message size syntax"},
    ReplyWording{RT::BadRetSyntax, 501, {5, 5, 4}, "Bad RET parameter syntax"},
    ReplyWording{RT::BadEnvidSyntax, 501, {5, 5, 4}, "Bad ENVID parameter syntax"},
    ReplyWording{RT::MultipleAuthOptions, 503, {5, 5, 4}, "Error: multiple AUTH= options"},
    ReplyWording{RT::BadNotifySyntax, 501, {5, 5, 4}, "Error: Bad NOTIFY parameter syntax"},
    ReplyWording{RT::BadOrcptSyntax, 501, {5, 5, 4}, "Error: Bad ORCPT parameter syntax"},
    ReplyWording{RT::VrfyResult, 252, {2, 0, 0}, "{arg}"},
    ReplyWording{RT::NotImplemented, 502, {5, 5, 1}, "Error: command not implemented"},
    ReplyWording{RT::InsufficientAuthorization, 550, {5, 7, 0}, "Error: insufficient authorization"},
    ReplyWording{RT::EtrnSyntax, 500, kNone, "Syntax: ETRN domain"},
    ReplyWording{RT::EtrnBadParameter, 501, kNone, "Error: invalid parameter syntax"},
    ReplyWording{RT::EtrnBadSequence, 503, kNone, "Error: {arg}"},
    ReplyWording{RT::EtrnStarted, 250, kNone, "Queuing started"},
    ReplyWording{RT::EtrnRefused, 459, kNone, "<{arg}>: service unavailable"},
    ReplyWording{RT::BdatChunkAccepted, 250, {2, 0, 0}, "Ok: {count} bytes"},
    ReplyWording{RT::BdatQueued, 250, {2, 0, 0}, "Ok: {arg} bytes queued as {id}"},
    ReplyWording{RT::BdatNull, 551, {5, 7, 1}, "Null BDAT request"},
    ReplyWording{RT::BdatDiscarded, 551, {5, 0, 0}, "Discarded {count} bytes after earlier error"},
    ReplyWording{RT::BdatChunkTooBig, 552, {5, 3, 4}, "Chunk exceeds message size limit"},
    ReplyWording{RT::BdatSyntax, 521, {5, 5, 4}, "Syntax: BDAT count [LAST]"},
    ReplyWording{RT::Blocklisted, 554, {5, 7, 1}, "Service unavailable; Client host [{ip}] blocked using {arg}"},
    ReplyWording{RT::Greylisted, 450, {4, 2, 0}, "<{addr}>: Recipient address rejected: Greylisted"},
    ReplyWording{RT::SpfFailed, 550, {5, 7, 23},
                 "<{addr}>: Recipient address rejected: Message rejected due to: SPF fail - not authorized"},
    ReplyWording{RT::DmarcRejected, 550, {5, 7, 1}, "rejected by DMARC policy for {arg}"},
    ReplyWording{RT::ContentRejected, 554, {5, 7, 0}, "Reject, id={id} - spam"},
    ReplyWording{RT::RateLimited, 450, {4, 7, 1}, "Error: too much mail from {ip}"},
    ReplyWording{RT::ConnectionLost, 421, {4, 4, 2}, "{host} Error: lost connection"},
    ReplyWording{RT::Diagnostic, 451, {4, 0, 0}, "{arg}"},
};

constexpr bool rows_follow_enum_order() {
  for (std::size_t i = 0; i < kWordings.size(); ++i) {
    if (static_cast<std::size_t>(kWordings[i].text) != i) return false;
  }
  return static_cast<std::size_t>(ReplyText::Diagnostic) + 1 == kWordings.size();
}
static_assert(rows_follow_enum_order(), "kWordings must list every ReplyText, in enum order");

}  // namespace

const ReplyWording& wording_of(ReplyText text) { return kWordings[static_cast<std::size_t>(text)]; }

}  // namespace detail

void append_enhanced_status(const EnhancedStatus& status, std::string& out) {
  const unsigned parts[3] = {status.klass, status.subject, status.detail};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) out += '.';
    char digits[5];  // 65535 at the most
    const char* end = std::to_chars(digits, digits + sizeof digits, parts[i]).ptr;
    out.append(digits, static_cast<std::size_t>(end - digits));
  }
}

std::string enhanced_status_text(const EnhancedStatus& status) {
  std::string text;
  append_enhanced_status(status, text);
  return text;
}

Reply make_reply(ReplyText text, std::string_view arg) {
  const detail::ReplyWording& row = detail::wording_of(text);
  Reply reply;
  reply.code = row.code;
  reply.status = row.status;
  reply.text = text;
  reply.arg = arg;
  return reply;
}

}  // namespace relaysim::smtp
