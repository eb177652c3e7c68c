#include "report/message_file_name.h"

#include <catch2/catch.hpp>

using relaysim::report::message_file_stem;

TEST_CASE("a message's files are named by its id padded to six digits, longer ids in full") {
  CHECK(message_file_stem(42) == "message-000042");
  CHECK(message_file_stem(0) == "message-000000");
  CHECK(message_file_stem(999999) == "message-999999");
  CHECK(message_file_stem(1234567) == "message-1234567");
}
