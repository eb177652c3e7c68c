// Wire names of verbs, in Verb order.
#include "smtp/command.h"

#include <array>
#include <cstddef>

namespace relaysim::smtp {
namespace {

// AuthResponse and EndOfData have no verb on the wire; they carry the names Postfix logs
// them under ("after AUTH", "after END-OF-MESSAGE") so that reports read naturally.
constexpr std::array<std::string_view, 18> kVerbNames{
    "HELO", "EHLO", "AUTH", "AUTH", "MAIL", "RCPT", "DATA", "BDAT", "END-OF-MESSAGE", "RSET",
    "NOOP", "QUIT", "VRFY", "ETRN", "STARTTLS", "XCLIENT", "XFORWARD", "UNKNOWN",
};
static_assert(static_cast<std::size_t>(Verb::Unknown) + 1 == kVerbNames.size());

}  // namespace

std::string_view verb_name(Verb verb) { return kVerbNames[static_cast<std::size_t>(verb)]; }

}  // namespace relaysim::smtp
