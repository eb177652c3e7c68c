// Dates in mail: the simulated clock read as a UTC calendar time from the scenario's start,
// written as Postfix writes them in headers and as mbox writes them on its From_ lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relaysim::mail {

// Seconds since 1970-01-01T00:00:00Z.
using UnixSeconds = std::int64_t;

// "2026-03-02T09:00:00Z" (RFC 3339, UTC, whole seconds), or nullopt for anything else, a date
// that does not exist (2026-02-30) included. Years 1970 to 9999.
std::optional<UnixSeconds> parse_utc_timestamp(std::string_view text);
// The same form back: "2026-03-02T09:00:00Z".
std::string utc_timestamp(UnixSeconds t);

// RFC 5322 3.3 as Postfix's mail_date() writes it: "Mon,  2 Mar 2026 09:00:00 +0000 (UTC)"
// (the day padded with a space to two characters, the zone's name as a comment).
std::string rfc5322_date(UnixSeconds t);

// asctime(3), as the From_ line of an mbox carries it: "Mon Mar  2 09:00:00 2026".
std::string asctime_date(UnixSeconds t);

}  // namespace relaysim::mail
