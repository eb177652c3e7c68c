// The pending-event set: a binary heap of 24-byte keys with a stored heap position per
// slot, so cancellation is O(log n) and nothing is allocated per event once warmed up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/sim_time.h"

namespace relaysim::sim {

// Names a scheduled event; stays unique (the generation changes when a slot is reused).
struct EventId {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

struct Event {
  SimTime time = 0;
  std::uint64_t sequence = 0;  // insertion order: breaks ties deterministically
  std::uint32_t target = 0;    // meaning is the model's (an MTA, a connection, ...)
  std::uint32_t kind = 0;      // meaning is the model's (which action)
};

class EventQueue {
 public:
  EventId push(SimTime time, std::uint32_t target, std::uint32_t kind);
  // Removes and returns the earliest event. Precondition: !empty().
  Event pop();
  const Event& top() const;
  bool cancel(EventId id);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

 private:
  struct Entry {
    SimTime time;
    std::uint64_t sequence;
    std::uint32_t target;
    std::uint32_t kind;
    std::uint32_t slot;
  };
  // (private helpers: sift up/down keeping slot positions current)
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void place(std::size_t i, const Entry& e);
  void remove_at(std::size_t i);

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;    // per slot: index in heap_, or UINT32_MAX when free
  std::vector<std::uint32_t> generation_;  // per slot
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace relaysim::sim
