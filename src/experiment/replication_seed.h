// The seed of each replication: replication 0 keeps the scenario's own seed (so it is the run
// `relaysim run` makes), the others get seeds derived from it by a fixed hash.
#pragma once

#include <cstdint>

namespace relaysim::experiment {

// seed for r = 0; else FNV-1a of "relaysim replication <r> of seed <seed>", shifted right by
// 11 bits so that it stays below 2^53 (exact in JSON, pandas and R, accepted by --seed).
std::uint64_t replication_seed(std::uint64_t seed, std::uint64_t replication);

}  // namespace relaysim::experiment
