#include "sim/xoshiro256.h"

#include <catch2/catch.hpp>

namespace relaysim::sim {
namespace {

TEST_CASE("xoshiro256** gives the published reference outputs from the state {1, 2, 3, 4}") {
  Xoshiro256 engine(Xoshiro256::State{1, 2, 3, 4});
  const std::uint64_t expected[] = {11520ULL,
                                    0ULL,
                                    1509978240ULL,
                                    1215971899390074240ULL,
                                    1216172134540287360ULL,
                                    607988272756665600ULL,
                                    16172922978634559625ULL,
                                    8476171486693032832ULL,
                                    10595114339597558777ULL,
                                    2904607092377533576ULL};
  for (const std::uint64_t value : expected) CHECK(engine() == value);
}

TEST_CASE("SplitMix64 gives its published outputs from the state 0") {
  std::uint64_t state = 0;
  CHECK(splitmix64(state) == 0xe220a8397b1dcdafULL);
  CHECK(splitmix64(state) == 0x6e789e6aa1b965f4ULL);
  CHECK(splitmix64(state) == 0x06c45d188009454fULL);
}

TEST_CASE("a seeded xoshiro256** starts from four SplitMix64 outputs of its seed") {
  std::uint64_t state = 42;
  const Xoshiro256::State from_seed{splitmix64(state), splitmix64(state), splitmix64(state),
                                    splitmix64(state)};
  Xoshiro256 seeded(42);
  Xoshiro256 explicit_state(from_seed);
  for (int i = 0; i < 8; ++i) CHECK(seeded() == explicit_state());
}

}  // namespace
}  // namespace relaysim::sim
