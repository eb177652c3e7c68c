// The pending-event set: a 4-ary heap of 16-byte keys with a stored heap position per
// slot, so cancellation is O(log n), beside FIFO runs for delays that recur (a link's
// latency), where an event that is never cancelled costs O(1). Nothing is allocated per
// event once warmed up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
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

// Limits: 2^24 (16.7 million) events pending at once and 2^40 (10^12) pushes over the
// queue's life; push() throws std::length_error beyond either.
class EventQueue {
 public:
  EventId push(SimTime time, std::uint32_t target, std::uint32_t kind);
  // The same for an event `delay` after the current time, where the caller schedules many
  // events with the same delay as time goes forward and never cancels them: events of one
  // delay then leave in the order they came, so they wait whole in a FIFO run of that delay,
  // with no slot, instead of the heap. The order of pops is (time, sequence) either way.
  void push_after(SimTime time, SimTime delay, std::uint32_t target, std::uint32_t kind);
  // Removes and returns the earliest event. Precondition: !empty().
  Event pop();
  // Removes the earliest event into `out` if it is due at or before `until`; false otherwise.
  // (What a run loop needs, choosing the earliest once instead of in top() and again in pop().)
  bool pop_due(SimTime until, Event& out);
  // The earliest event. Precondition: !empty().
  const Event& top() const;
  // Events scheduled far ahead (an agent's next message) wait in the heap, not in a FIFO run:
  // the heap's earliest (rank 0) and the one after it (rank 1), or null. A hint for warming
  // caches ahead of use: the next event to run may be a FIFO run's.
  const Event* upcoming_in_heap(std::size_t rank) const;
  // Returns false when the event has already been popped or cancelled, or the id is stale.
  bool cancel(EventId id);
  bool empty() const { return size() == 0; }
  std::size_t size() const { return heap_.size() - kRoot + in_runs_; }

 private:
  // The heap holds only what ordering needs, packed into 16 bytes so it is as compact as
  // a plain priority queue of (time, sequence): the sequence sits above the slot number,
  // so comparing `order` compares sequences. The rest of the event waits in its slot.
  struct Key {
    SimTime time;
    std::uint64_t order;  // sequence << kSlotBits | slot
  };
  static constexpr int kSlotBits = 24;

  // The root sits at index 3 of a 64-byte-aligned array, so the four children of any node
  // fill exactly one cache line: one miss per level, not two. Indices are into heap_.
  static constexpr std::size_t kArity = 4;
  static constexpr std::size_t kRoot = kArity - 1;
  static constexpr std::size_t kCacheLine = 64;
  template <typename T>
  struct CacheAligned {
    using value_type = T;
    CacheAligned() = default;
    template <typename U>
    CacheAligned(const CacheAligned<U>&) {}
    T* allocate(std::size_t n) {
      return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{kCacheLine}));
    }
    void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t{kCacheLine}); }
    friend bool operator==(const CacheAligned&, const CacheAligned&) { return true; }
  };

  // Events of one delay in the order they were pushed, so in (time, sequence) order. Events
  // before `head` are spent; they are dropped when half the run is spent.
  struct Run {
    SimTime delay = 0;
    std::vector<Event> events;
    std::size_t head = 0;
    bool empty() const { return head == events.size(); }
    const Event& front() const { return events[head]; }
  };
  // A handful of distinct delays covers a world's links; beyond that events go to the heap,
  // so that choosing the earliest of the runs' heads stays cheap.
  static constexpr std::size_t kMaxRuns = 8;
  static constexpr std::size_t kFromHeap = SIZE_MAX;

  Run* run_for(SimTime delay, SimTime time);
  // Where the earliest event waits: a run's index, or kFromHeap.
  std::size_t earliest_source() const;
  Event pop_from(std::size_t source);
  EventId push_to_heap(SimTime time, std::uint32_t target, std::uint32_t kind);
  std::uint64_t take_sequence();

  static std::size_t parent_of(std::size_t i) { return (i - kRoot - 1) / kArity + kRoot; }
  static std::size_t first_child_of(std::size_t i) { return (i - kRoot) * kArity + kRoot + 1; }
  static bool before(const Key& a, const Key& b);
  static std::uint32_t slot_of(const Key& k);
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void place(std::size_t i, const Key& k);
  void remove_at(std::size_t i);
  std::uint32_t acquire_slot();
  void release_slot(std::uint32_t slot);

  std::vector<Key, CacheAligned<Key>> heap_ = std::vector<Key, CacheAligned<Key>>(kRoot);
  // Per slot (events in the heap). Positions are rewritten on every sift, so they get their
  // own dense array. Index in heap_; UINT32_MAX when free.
  std::vector<std::uint32_t> position_;
  std::vector<std::uint32_t> generation_;  // bumped when the slot is freed
  std::vector<Event> events_;              // the event occupying the slot
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::vector<Run> runs_;
  std::size_t in_runs_ = 0;  // events waiting in runs
};

}  // namespace relaysim::sim
