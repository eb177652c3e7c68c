// Dates against what date(1) prints for the same instants (GNU coreutils, TZ=UTC).
#include "mail/mail_date.h"

#include <catch2/catch.hpp>

using namespace relaysim::mail;

TEST_CASE("An RFC 3339 UTC timestamp reads as seconds since 1970 and writes back the same") {
  CHECK(parse_utc_timestamp("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_utc_timestamp("2026-03-02T09:00:00Z") == 1772442000);  // date -d 2026-03-02T09:00:00Z +%s
  CHECK(parse_utc_timestamp("2024-02-29T23:59:59Z") == 1709251199);
  CHECK(utc_timestamp(1772442000) == "2026-03-02T09:00:00Z");
  CHECK(utc_timestamp(1709251199) == "2024-02-29T23:59:59Z");
}

TEST_CASE("A timestamp that is not UTC, not whole seconds or not a real date is refused") {
  CHECK_FALSE(parse_utc_timestamp("2026-02-30T09:00:00Z"));
  CHECK_FALSE(parse_utc_timestamp("2025-02-29T09:00:00Z"));  // not a leap year
  CHECK_FALSE(parse_utc_timestamp("1900-02-29T09:00:00Z"));
  CHECK_FALSE(parse_utc_timestamp("2026-03-02T09:00:00+01:00"));
  CHECK_FALSE(parse_utc_timestamp("2026-03-02T09:00:00.5Z"));
  CHECK_FALSE(parse_utc_timestamp("2026-03-02 09:00:00Z"));
  CHECK_FALSE(parse_utc_timestamp("2026-13-02T09:00:00Z"));
  CHECK_FALSE(parse_utc_timestamp("2026-03-02T24:00:00Z"));
  CHECK_FALSE(parse_utc_timestamp("1969-12-31T23:59:59Z"));
  CHECK_FALSE(parse_utc_timestamp("２026-03-02T09:00:00Z"));
  CHECK_FALSE(parse_utc_timestamp(""));
}

TEST_CASE("A header date is written as Postfix writes it, the day padded with a space") {
  CHECK(rfc5322_date(1772442000) == "Mon,  2 Mar 2026 09:00:00 +0000 (UTC)");
  CHECK(rfc5322_date(1709251199) == "Thu, 29 Feb 2024 23:59:59 +0000 (UTC)");
  CHECK(rfc5322_date(0) == "Thu,  1 Jan 1970 00:00:00 +0000 (UTC)");
}

TEST_CASE("An mbox From_ line date is written as asctime writes it") {
  CHECK(asctime_date(1772442000) == "Mon Mar  2 09:00:00 2026");
  CHECK(asctime_date(1709251199) == "Thu Feb 29 23:59:59 2024");
}
