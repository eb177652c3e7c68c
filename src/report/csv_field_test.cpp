#include "report/csv_field.h"

#include <catch2/catch.hpp>

using relaysim::report::csv_field;

TEST_CASE("a CSV field is quoted only when it holds a comma, a quote or a line break, its quotes doubled") {
  CHECK(csv_field("plain name") == "plain name");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\r") == "\"cr\r\"");
}
