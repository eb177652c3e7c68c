#include "world/name_map.h"

#include <string>

#include <catch2/catch.hpp>

namespace relaysim::world {
namespace {

TEST_CASE("A name map finds every name it was given and no other, however much it grew", "[world][name_map]") {
  NameMap<int> map;
  for (int i = 0; i < 5000; ++i) map.try_emplace("user" + std::to_string(i) + "@example.org", i);
  REQUIRE(map.size() == 5000);
  for (int i = 0; i < 5000; ++i) {
    const int* value = map.find("user" + std::to_string(i) + "@example.org");
    REQUIRE(value != nullptr);
    CHECK(*value == i);
  }
  CHECK(map.find("user5000@example.org") == nullptr);
  CHECK(map.find("") == nullptr);
  CHECK(NameMap<int>{}.find("anything") == nullptr);
}

TEST_CASE("A name inserted twice keeps its first value, as try_emplace does", "[world][name_map]") {
  NameMap<std::string> map;
  map.try_emplace("mx.example.org", "first");
  CHECK(map.try_emplace("mx.example.org", "second") == "first");
  CHECK(map.size() == 1);
  map.try_emplace("mx.example.org") += " and more";
  CHECK(*map.find("mx.example.org") == "first and more");
}

TEST_CASE("A name map lists its entries in the order their names first came", "[world][name_map]") {
  NameMap<int> map;
  map.reserve(3);
  for (const char* name : {"c.example", "a.example", "b.example", "a.example"}) map.try_emplace(name, 0);
  std::string order;
  for (const auto& [name, value] : map) order += name + " ";
  CHECK(order == "c.example a.example b.example ");
}

TEST_CASE("Warming a name ahead of its lookup finds what the lookup finds and changes nothing",
          "[world][name_map]") {
  NameMap<int> map;
  CHECK(map.warm("empty.example", 2) == nullptr);
  for (int i = 0; i < 1000; ++i) map.try_emplace("user" + std::to_string(i) + "@example.org", i);
  for (int step = 0; step < 2; ++step) CHECK(map.warm("user7@example.org", step) == nullptr);
  const int* warmed = map.warm("user7@example.org", 2);
  REQUIRE(warmed != nullptr);
  CHECK(warmed == map.find("user7@example.org"));
  CHECK(map.warm("user1000@example.org", 2) == nullptr);
  CHECK(map.size() == 1000);
}

}  // namespace
}  // namespace relaysim::world
