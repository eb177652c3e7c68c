#include "sim/event_queue.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

#include "sim/prefetch.h"

namespace relaysim::sim {
namespace {

constexpr std::uint32_t kNoPosition = UINT32_MAX;

}  // namespace

// Equal times are ordered by sequence. Testing for equal times first lets compilers pick
// the earlier child with a conditional move when times differ (see bench/README.md).
bool EventQueue::before(const Key& a, const Key& b) {
  if (a.time != b.time) return a.time < b.time;
  return a.order < b.order;
}

std::uint32_t EventQueue::slot_of(const Key& k) {
  return static_cast<std::uint32_t>(k.order & ((std::uint64_t{1} << kSlotBits) - 1));
}

EventId EventQueue::push(SimTime time, std::uint32_t target, std::uint32_t kind) {
  return push_to_heap(time, target, kind);
}

void EventQueue::push_after(SimTime time, SimTime delay, std::uint32_t target, std::uint32_t kind) {
  Run* run = delay >= 0 ? run_for(delay, time) : nullptr;
  if (run == nullptr) {
    push_to_heap(time, target, kind);
    return;
  }
  run->events.push_back(Event{time, take_sequence(), target, kind});
  ++in_runs_;
}

EventId EventQueue::push_to_heap(SimTime time, std::uint32_t target, std::uint32_t kind) {
  const std::uint64_t sequence = take_sequence();
  const std::uint32_t slot = acquire_slot();
  events_[slot] = Event{time, sequence, target, kind};
  heap_.push_back(Key{time, sequence << kSlotBits | slot});
  sift_up(heap_.size() - 1);
  return EventId{slot, generation_[slot]};
}

// A heap key keeps the sequence above the slot number, so it has 64 - kSlotBits bits.
std::uint64_t EventQueue::take_sequence() {
  if (next_sequence_ >> (64 - kSlotBits) != 0) throw std::length_error("EventQueue: sequence numbers exhausted");
  return next_sequence_++;
}

// The run for `delay`, made if there is room, or null: then the event goes to the heap. A run
// takes only events no earlier than its last, which holds whenever time never goes back.
EventQueue::Run* EventQueue::run_for(SimTime delay, SimTime time) {
  for (Run& run : runs_) {
    if (run.delay != delay) continue;
    return run.events.empty() || run.events.back().time <= time ? &run : nullptr;
  }
  if (runs_.size() == kMaxRuns) return nullptr;
  runs_.push_back(Run{delay, {}, 0});
  return &runs_.back();
}

std::size_t EventQueue::earliest_source() const {
  std::size_t source = kFromHeap;
  // A run's event compares as a heap key would: its sequence above an empty slot field
  // (sequences are distinct, so the slot bits never decide).
  bool found = heap_.size() > kRoot;
  Key best = found ? heap_[kRoot] : Key{};
  for (std::size_t r = 0; r < runs_.size(); ++r) {
    if (runs_[r].empty()) continue;
    const Key key{runs_[r].front().time, runs_[r].front().sequence << kSlotBits};
    if (!found || before(key, best)) {
      found = true;
      best = key;
      source = r;
    }
  }
  return source;
}

Event EventQueue::pop() {
  assert(!empty());
  return pop_from(earliest_source());
}

bool EventQueue::pop_due(SimTime until, Event& out) {
  if (empty()) return false;
  const std::size_t source = earliest_source();
  if ((source == kFromHeap ? heap_[kRoot].time : runs_[source].front().time) > until) return false;
  out = pop_from(source);
  return true;
}

Event EventQueue::pop_from(std::size_t source) {
  if (source != kFromHeap) {
    Run& run = runs_[source];
    const Event earliest = run.front();
    --in_runs_;
    if (++run.head == run.events.size()) {
      run.events.clear();
      run.head = 0;
    } else if (run.head * 2 > run.events.size()) {
      run.events.erase(run.events.begin(), run.events.begin() + static_cast<std::ptrdiff_t>(run.head));
      run.head = 0;
    }
    return earliest;
  }
  const std::uint32_t slot = slot_of(heap_[kRoot]);
  const Event earliest = events_[slot];
  release_slot(slot);
  remove_at(kRoot);
  // A later pop reads the heap's new earliest event's slot, likely cold by now: start loading
  // it while the caller handles this event.
  if (heap_.size() > kRoot) prefetch(&events_[slot_of(heap_[kRoot])]);
  return earliest;
}

const Event* EventQueue::upcoming_in_heap(std::size_t rank) const {
  const std::size_t n = heap_.size();
  if (n <= kRoot) return nullptr;
  if (rank == 0) return &events_[slot_of(heap_[kRoot])];
  // The second earliest is the root's earliest child.
  const std::size_t first = first_child_of(kRoot);
  if (rank != 1 || first >= n) return nullptr;
  std::size_t best = first;
  for (std::size_t i = first + 1; i < std::min(first + kArity, n); ++i) {
    if (before(heap_[i], heap_[best])) best = i;
  }
  return &events_[slot_of(heap_[best])];
}

const Event& EventQueue::top() const {
  assert(!empty());
  const std::size_t source = earliest_source();
  return source == kFromHeap ? events_[slot_of(heap_[kRoot])] : runs_[source].front();
}

bool EventQueue::cancel(EventId id) {
  // A slot's generation is bumped when it is freed, so only the id handed out for the
  // event now in the slot matches (until the 32-bit counter wraps for that one slot).
  if (!id.valid() || id.slot >= generation_.size()) return false;
  if (generation_[id.slot] != id.generation) return false;
  const std::uint32_t i = position_[id.slot];
  assert(i != kNoPosition);
  release_slot(id.slot);
  remove_at(i);
  return true;
}

// Moves the key at i towards the root; the key is held aside while parents move down
// into the hole, so each level costs one copy instead of a swap.
void EventQueue::sift_up(std::size_t i) {
  const Key moving = heap_[i];
  while (i > kRoot) {
    const std::size_t parent = parent_of(i);
    if (!before(moving, heap_[parent])) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, moving);
}

// Moves the key at i towards the leaves, swapping places with its earliest child.
void EventQueue::sift_down(std::size_t i) {
  static_assert(kArity * sizeof(Key) == kCacheLine, "one cache line holds each sibling group");
  const Key moving = heap_[i];
  const std::size_t n = heap_.size();
  for (std::size_t first = first_child_of(i); first < n; first = first_child_of(i)) {
    // In a large heap the next level is a likely cache miss: asking now for the lines it
    // could be in overlaps that miss with the comparisons on this level.
    const std::size_t grandchildren = first_child_of(first);
    if (grandchildren < n) prefetch(&heap_[grandchildren], kArity);  // a line per sibling group
    const std::size_t end = std::min(first + kArity, n);
    std::size_t best = first;
    for (std::size_t c = first + 1; c < end; ++c) {
      if (before(heap_[c], heap_[best])) best = c;
    }
    if (!before(heap_[best], moving)) break;
    place(i, heap_[best]);
    i = best;
  }
  place(i, moving);
}

void EventQueue::place(std::size_t i, const Key& k) {
  heap_[i] = k;
  position_[slot_of(k)] = static_cast<std::uint32_t>(i);
}

// Fills the hole at i with the last key, which may then belong above or below i.
void EventQueue::remove_at(std::size_t i) {
  const Key last = heap_.back();
  heap_.pop_back();
  if (i == heap_.size()) return;
  place(i, last);
  if (i > kRoot && before(last, heap_[parent_of(i)])) {
    sift_up(i);
  } else {
    sift_down(i);
  }
}

std::uint32_t EventQueue::acquire_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  if (position_.size() >> kSlotBits != 0) {
    throw std::length_error("EventQueue: too many events pending at once");
  }
  position_.push_back(kNoPosition);
  generation_.push_back(0);
  events_.emplace_back();
  return static_cast<std::uint32_t>(position_.size() - 1);
}

void EventQueue::release_slot(std::uint32_t slot) {
  position_[slot] = kNoPosition;
  ++generation_[slot];
  free_slots_.push_back(slot);
}

}  // namespace relaysim::sim
