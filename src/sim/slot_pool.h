// Slots of reusable objects handed out by index (connections, messages, queue entries): a freed
// slot keeps its object, buffers included, for the next taker, so a pool in steady state allocates
// nothing. Objects never move (StableVector), so references stay valid while the pool grows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/stable_vector.h"

namespace relaysim::sim {

template <typename T>
class SlotPool {
 public:
  // The slot freed last, or a new default-constructed one. A reused object is as its last user
  // left it: the taker resets what it needs.
  std::uint32_t take() {
    if (free_.empty()) {
      objects_.emplace_back();
      return static_cast<std::uint32_t>(objects_.size() - 1);
    }
    const std::uint32_t slot = free_.back();
    free_.pop_back();
    return slot;
  }
  void give_back(std::uint32_t slot) { free_.push_back(slot); }

  T& operator[](std::uint32_t slot) { return objects_[slot]; }
  const T& operator[](std::uint32_t slot) const { return objects_[slot]; }
  std::size_t in_use() const { return objects_.size() - free_.size(); }
  // Every object ever made, free ones included.
  template <typename F>
  void for_each(F&& f) const {
    objects_.for_each(f);
  }

 private:
  StableVector<T> objects_;
  std::vector<std::uint32_t> free_;  // last freed first: its object is the likeliest still in cache
};

}  // namespace relaysim::sim
