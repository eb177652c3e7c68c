#include "smtp/ascii_case.h"

#include <catch2/catch.hpp>

using namespace relaysim::smtp;

TEST_CASE("ASCII letters change case and every other byte, UTF-8 included, stays as it is") {
  CHECK(to_lower('A') == 'a');
  CHECK(to_lower('z') == 'z');
  CHECK(to_upper('f') == 'F');
  CHECK(to_upper('@') == '@');
  CHECK(to_lower('[') == '[');  // just past 'Z'
  CHECK(to_upper('`') == '`');  // just before 'a'
  CHECK(lowercase("MX.Example.ORG") == "mx.example.org");
  CHECK(lowercase("R\xC3\x89SUM\xC3\x89@Example") == "r\xC3\x89sum\xC3\x89@example");
}

TEST_CASE("names that differ only in the case of ASCII letters are equal ignoring case") {
  CHECK(equal_ignoring_case("EHLO", "ehlo"));
  CHECK(equal_ignoring_case("PostMaster", "postmaster"));
  CHECK(equal_ignoring_case("", ""));
  CHECK_FALSE(equal_ignoring_case("EHLO", "EHL"));
  CHECK_FALSE(equal_ignoring_case("[", "{"));
  CHECK_FALSE(equal_ignoring_case("\xC3\xA9", "\xC3\x89"));
}
