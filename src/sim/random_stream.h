// Random numbers per entity: each stream is seeded from (scenario seed, entity name), so
// adding an agent does not change what the others draw. Boost.Random distributions give
// the same numbers with every compiler and standard library; std:: distributions do not.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/xoshiro256.h"

namespace relaysim::sim {

// FNV-1a, 64 bit: a hash whose value is fixed by its definition, not by the library.
std::uint64_t stable_hash(std::string_view text);

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::string_view entity);

  // Invalid parameters (lo > hi, rate <= 0, p outside [0, 1]) throw std::invalid_argument.
  double uniform01();                                       // [0, 1)
  std::uint64_t uniform_int(std::uint64_t lo, std::uint64_t hi);  // [lo, hi], inclusive
  double exponential(double rate);                          // mean 1/rate
  bool bernoulli(double p);                                 // true with probability p

 private:
  Xoshiro256 engine_;
};

}  // namespace relaysim::sim
