#include "smtp/utf8.h"

#include <catch2/catch.hpp>

using namespace relaysim::smtp;

namespace {

std::string valid(std::string_view text) {
  std::string out;
  append_valid_utf8(out, text);
  return out;
}

}  // namespace

TEST_CASE("well-formed UTF-8 decodes to its code points, one to four bytes long") {
  CHECK(decode_utf8("a", 0).code_point == 'a');
  CHECK(decode_utf8("\xC3\xA9", 0).code_point == 0xE9);
  CHECK(decode_utf8("\xE2\x82\xAC", 0).length == 3);
  CHECK(decode_utf8("\xF0\x9F\x93\xA7", 0).code_point == 0x1F4E7);
}

TEST_CASE("truncated, overlong and surrogate sequences are not characters") {
  CHECK(decode_utf8("\xC3", 0).length == 0);
  CHECK(decode_utf8("\xC0\xAF", 0).length == 0);      // overlong '/'
  CHECK(decode_utf8("\xED\xA0\x80", 0).length == 0);  // U+D800
  CHECK(decode_utf8("\xFF", 0).length == 0);
  CHECK(decode_utf8("\x80", 0).length == 0);
}

TEST_CASE("bytes that are not UTF-8 are replaced by U+FFFD, and text that is stays as it is") {
  CHECK(valid("relé@example.org") == "relé@example.org");
  CHECK(valid("caf\xE9@x") == "caf\xEF\xBF\xBD@x");
  CHECK(valid("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
}
