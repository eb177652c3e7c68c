#include "report/reject_reason.h"

namespace relaysim::report {

RejectReason reject_reason(const smtp::Reply& reply) {
  using smtp::ReplyText;
  switch (reply.text) {
    case ReplyText::RelayDenied: return RejectReason::RelayDenied;
    case ReplyText::UnknownLocalUser:
    case ReplyText::UnknownRelayUser: return RejectReason::UnknownUser;
    case ReplyText::Blocklisted: return RejectReason::Blocklisted;
    case ReplyText::Greylisted: return RejectReason::Greylisted;
    case ReplyText::SpfFailed: return RejectReason::Spf;
    case ReplyText::DmarcRejected: return RejectReason::Dmarc;
    case ReplyText::ContentRejected: return RejectReason::Content;
    case ReplyText::RateLimited: return RejectReason::RateLimited;
    default: return RejectReason::Other;
  }
}

std::string_view reject_reason_name(RejectReason reason) {
  switch (reason) {
    case RejectReason::RelayDenied: return "relay_denied";
    case RejectReason::UnknownUser: return "unknown_user";
    case RejectReason::Blocklisted: return "blocklisted";
    case RejectReason::Greylisted: return "greylisted";
    case RejectReason::Spf: return "spf";
    case RejectReason::Dmarc: return "dmarc";
    case RejectReason::Content: return "content";
    case RejectReason::RateLimited: return "rate_limited";
    case RejectReason::Other: return "other";
  }
  return "other";
}

}  // namespace relaysim::report
