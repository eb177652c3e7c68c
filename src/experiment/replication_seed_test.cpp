#include "experiment/replication_seed.h"

#include <catch2/catch.hpp>
#include <set>

using relaysim::experiment::replication_seed;

TEST_CASE("replication 0 keeps the scenario's seed and the others get distinct fixed seeds") {
  CHECK(replication_seed(1, 0) == 1);
  CHECK(replication_seed(7, 0) == 7);
  std::set<std::uint64_t> seeds;
  for (std::uint64_t r = 0; r < 1000; ++r) {
    const std::uint64_t s = replication_seed(1, r);
    CHECK(s < (std::uint64_t{1} << 53));
    seeds.insert(s);
  }
  CHECK(seeds.size() == 1000);
  CHECK(replication_seed(1, 1) != replication_seed(2, 1));
  // The rule is part of the documentation (docs/experiments.md): these values never change.
  CHECK(replication_seed(1, 1) == 5247141800454296u);
  CHECK(replication_seed(1, 2) == 4293595004844936u);
}
