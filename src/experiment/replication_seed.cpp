#include "experiment/replication_seed.h"

#include <string>

#include "sim/random_stream.h"

namespace relaysim::experiment {

std::uint64_t replication_seed(std::uint64_t seed, std::uint64_t replication) {
  if (replication == 0) return seed;
  const std::string text = "relaysim replication " + std::to_string(replication) + " of seed " + std::to_string(seed);
  return sim::stable_hash(text) >> 11;
}

}  // namespace relaysim::experiment
