#include "sim/stable_vector.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace relaysim::sim {
namespace {

// Counts constructions and destructions, so a test sees each element built once and freed once.
struct Counted {
  static inline int alive = 0;
  std::string text = std::string(40, 'x');  // on the heap: a leak or a double free shows under ASan
  Counted() { ++alive; }
  Counted(const Counted&) = delete;
  ~Counted() { --alive; }
};

TEST_CASE("Elements of a stable vector keep their address while it grows", "[sim][stable_vector]") {
  StableVector<std::string> texts;
  std::vector<const std::string*> addresses;
  for (int i = 0; i < 1000; ++i) {
    std::string& t = texts.emplace_back();
    t = "message " + std::to_string(i);
    addresses.push_back(&t);
  }
  REQUIRE(texts.size() == 1000);
  for (int i = 0; i < 1000; ++i) {
    CHECK(&texts[i] == addresses[i]);
    CHECK(texts[i] == "message " + std::to_string(i));
  }
}

TEST_CASE("A stable vector builds each element when it is added and destroys each once", "[sim][stable_vector]") {
  {
    StableVector<Counted> pool;
    for (int i = 0; i < 130; ++i) {
      pool.emplace_back();
      CHECK(Counted::alive == i + 1);  // not a whole chunk at once
    }
    StableVector<Counted> moved(std::move(pool));
    CHECK(Counted::alive == 130);
    CHECK(moved.size() == 130);
    CHECK(pool.size() == 0);
    int visited = 0;
    moved.for_each([&visited](const Counted&) { ++visited; });
    CHECK(visited == 130);
  }
  CHECK(Counted::alive == 0);
}

TEST_CASE("An element that can be neither copied nor moved is built in place from its arguments",
          "[sim][stable_vector]") {
  struct Pinned {
    Pinned(std::string name, int index) : name(std::move(name)), index(index) {}
    Pinned(const Pinned&) = delete;
    std::string name;
    int index;
  };
  StableVector<Pinned> pinned;
  for (int i = 0; i < 100; ++i) pinned.emplace_back("mx" + std::to_string(i) + ".example", i);
  CHECK(pinned[0].name == "mx0.example");
  CHECK(pinned[99].name == "mx99.example");
  CHECK(pinned[64].index == 64);
}

}  // namespace
}  // namespace relaysim::sim
