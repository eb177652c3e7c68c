#include "smtp/reply.h"

#include <catch2/catch.hpp>

using namespace relaysim::smtp;

TEST_CASE("an enhanced status is written as class, subject and detail joined by dots") {
  CHECK(enhanced_status_text({5, 7, 1}) == "5.7.1");
  CHECK(enhanced_status_text({5, 7, 23}) == "5.7.23");
  CHECK(enhanced_status_text({2, 0, 0}) == "2.0.0");
  CHECK(enhanced_status_text({255, 255, 65535}) == "255.255.65535");
  std::string line = "550 ";
  append_enhanced_status(make_reply(ReplyText::UnknownLocalUser).status, line);
  CHECK(line == "550 5.1.1");
}
