#include "experiment/csv.h"

#include <catch2/catch.hpp>

using namespace relaysim::experiment;

TEST_CASE("CSV fields are quoted only when they must be, and split back as written") {
  CHECK(csv_row({"a", "b c", "[[1h, 2h]]", "say \"hi\""}) == "a,b c,\"[[1h, 2h]]\",\"say \"\"hi\"\"\"\n");
  CHECK(split_csv_row("a,b c,\"[[1h, 2h]]\",\"say \"\"hi\"\"\",") ==
        std::vector<std::string>{"a", "b c", "[[1h, 2h]]", "say \"hi\"", ""});
}

TEST_CASE("numbers are written briefly and read back to the same double") {
  CHECK(format_number(12) == "12");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(1e6) == "1000000");
  for (double v : {1.0 / 3, 2.0 / 7 * 1e10, 123456.789, 1e-300, 4503599627370497.0}) {
    CHECK(parse_number(format_number(v)) == v);
  }
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("12x"));
}

TEST_CASE("text is cut into lines, a final line break ending the last one") {
  CHECK(lines_of("a\nb\n") == std::vector<std::string_view>{"a", "b"});
  CHECK(lines_of("a\nb") == std::vector<std::string_view>{"a", "b"});
  CHECK(lines_of("").empty());
}
