// Why a recipient copy was refused, in the few classes metrics.csv counts separately: one
// per defence a lesson or experiment can switch on, the classic relay refusals, and the rest.
#pragma once

#include <string_view>

#include "smtp/reply.h"

namespace relaysim::report {

enum class RejectReason : unsigned char {
  RelayDenied, UnknownUser, Blocklisted, Greylisted, Spf, Dmarc, Content, RateLimited, Other
};
inline constexpr int kRejectReasonCount = 9;

// Classifies by the reply's text, not its code: a policy may defer (454 4.7.1 Relay access
// denied) where another refuses (554 5.7.1), and both are the same defence at work.
RejectReason reject_reason(const smtp::Reply& reply);
// "relay_denied", "unknown_user", ..., "other": the suffix of metrics.csv's rejected_* columns.
std::string_view reject_reason_name(RejectReason reason);

}  // namespace relaysim::report
