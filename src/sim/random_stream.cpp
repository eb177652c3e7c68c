#include "sim/random_stream.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

namespace relaysim::sim {
namespace {

// Mixed through SplitMix64 twice, so that names one character apart, or consecutive seeds,
// still give unrelated engine seeds.
std::uint64_t engine_seed(std::uint64_t seed, std::string_view entity) {
  std::uint64_t mixed = splitmix64(seed) ^ stable_hash(entity);
  return splitmix64(mixed);
}

}  // namespace

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;  // FNV-1a 64 prime
  }
  return hash;
}

RandomStream::RandomStream(std::uint64_t seed, std::string_view entity)
    : engine_(engine_seed(seed, entity)) {}

double RandomStream::uniform01() {
  return boost::random::uniform_01<double>()(engine_);
}

std::uint64_t RandomStream::uniform_int(std::uint64_t lo, std::uint64_t hi) {
  if (lo > hi) {
    throw std::invalid_argument("uniform_int: lo " + std::to_string(lo) + " > hi " +
                                std::to_string(hi));
  }
  return boost::random::uniform_int_distribution<std::uint64_t>(lo, hi)(engine_);
}

double RandomStream::exponential(double rate) {
  if (!(rate > 0) || !std::isfinite(rate)) {
    throw std::invalid_argument("exponential: rate must be positive and finite, got " +
                                std::to_string(rate));
  }
  return boost::random::exponential_distribution<double>(rate)(engine_);
}

bool RandomStream::bernoulli(double p) {
  if (!(p >= 0 && p <= 1)) {
    throw std::invalid_argument("bernoulli: p must be in [0, 1], got " + std::to_string(p));
  }
  return boost::random::bernoulli_distribution<double>(p)(engine_);
}

}  // namespace relaysim::sim
