#include "sim/slot_pool.h"

#include <string>

#include <catch2/catch.hpp>

namespace relaysim::sim {
namespace {

TEST_CASE("A slot pool hands out the slot freed last, with its object as it was left", "[sim][slot_pool]") {
  SlotPool<std::string> pool;
  const std::uint32_t a = pool.take();
  const std::uint32_t b = pool.take();
  const std::uint32_t c = pool.take();
  CHECK(a == 0);
  CHECK(b == 1);
  CHECK(c == 2);
  pool[a] = "first";
  pool[c] = std::string(100, 'c');
  const char* buffer = pool[c].data();
  pool.give_back(a);
  pool.give_back(c);
  CHECK(pool.in_use() == 1);

  const std::uint32_t again = pool.take();
  CHECK(again == c);
  CHECK(pool[again].data() == buffer);  // the buffer is kept for the next taker
  CHECK(pool.take() == a);
  CHECK(pool[a] == "first");
  CHECK(pool.take() == 3);  // none free: a new one
  CHECK(pool.in_use() == 4);
}

TEST_CASE("Objects of a slot pool keep their address while it grows", "[sim][slot_pool]") {
  SlotPool<std::string> pool;
  const std::uint32_t first = pool.take();
  const std::string* where = &pool[first];
  for (int i = 0; i < 1000; ++i) pool.take();
  CHECK(&pool[first] == where);
  int visited = 0;
  pool.for_each([&visited](const std::string&) { ++visited; });
  CHECK(visited == 1001);
}

}  // namespace
}  // namespace relaysim::sim
