#include "report/json.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using relaysim::report::append_json_string;

TEST_CASE("a JSON string of hostile bytes is valid UTF-8 JSON that a parser reads back") {
  std::string out;
  append_json_string(out, std::string("caf\xE9 \"x\"\n\x01 relé", 16));
  CHECK(out == "\"caf\xEF\xBF\xBD \\\"x\\\"\\n\\u0001 relé\"");
  CHECK(nlohmann::json::parse(out).get<std::string>() == "caf\xEF\xBF\xBD \"x\"\n\x01 relé");
}
