// Cache warming: asking the memory system for lines a later step will read, so that in a
// world far larger than the caches the misses of one message overlap instead of queueing.
// A hint only: it never faults and never changes what the program computes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace relaysim::sim {

inline constexpr std::uintptr_t kCacheLineBytes = 64;  // x86-64 and most ARM

// Asks for the `lines` cache lines from `address` on. Lines past the end of an object are
// harmless. A no-op where the builtin is missing. (Kept inline and tiny: g++ deletes calls
// to a function that only prefetches.)
inline void prefetch(const void* address, std::size_t lines = 1) {
#if defined(__GNUC__) || defined(__clang__)
  const auto first = reinterpret_cast<std::uintptr_t>(address);
  for (std::size_t line = 0; line < lines; ++line) {
    __builtin_prefetch(reinterpret_cast<const void*>(first + line * kCacheLineBytes));
  }
#else
  (void)address;
  (void)lines;
#endif
}

// Every line of the bytes from `first` up to, not including, `end`.
inline void prefetch_range(const void* first, const void* end) {
  const auto a = reinterpret_cast<std::uintptr_t>(first) / kCacheLineBytes;
  const auto b = (reinterpret_cast<std::uintptr_t>(end) + kCacheLineBytes - 1) / kCacheLineBytes;
  if (b > a) prefetch(first, static_cast<std::size_t>(b - a));
}

// Every line of one object.
template <typename T>
void prefetch_object(const T& object) {
  prefetch_range(&object, &object + 1);
}

}  // namespace relaysim::sim
