// RFC 4648 test vectors, and the strictness RFC 4954 servers need.
#include "smtp/base64.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>

using relaysim::smtp::base64_decode;
using relaysim::smtp::base64_encode;

TEST_CASE("Base64 encodes and decodes the RFC 4648 test vectors", "[base64]") {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    std::string out;
    base64_encode(plain, out);
    CHECK(out == encoded);
    std::string decoded;
    CHECK(base64_decode(encoded, decoded));
    CHECK(decoded == plain);
  }
}

TEST_CASE("Base64 carries NUL octets of an AUTH PLAIN message", "[base64]") {
  const std::string message("\0alice\0secret", 13);
  std::string encoded;
  base64_encode(message, encoded);
  CHECK(encoded == "AGFsaWNlAHNlY3JldA==");
  std::string decoded;
  REQUIRE(base64_decode(encoded, decoded));
  CHECK(decoded == message);
}

TEST_CASE("Base64 decoding refuses anything but canonical padded text", "[base64]") {
  std::string out;
  for (const char* text : {"Zm9", "Zm9v!", "Zg=", "Z===", "=Zg=", "Zg==Zg==", "Zm 9v", "Zm9v\r\n", "*"}) {
    INFO(text);
    CHECK_FALSE(base64_decode(text, out));
  }
}
