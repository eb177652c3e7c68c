#include "sim/event_queue.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace relaysim::sim {
namespace {

constexpr std::uint32_t kNoPosition = UINT32_MAX;

// Four children per node halve the depth of a binary heap; the extra comparisons per
// level cost less than the cache misses saved on large queues (see bench/).
constexpr std::size_t kArity = 4;

std::size_t parent_of(std::size_t i) { return (i - 1) / kArity; }
std::size_t first_child_of(std::size_t i) { return i * kArity + 1; }

}  // namespace

// Written like std::pair's operator<: this form compiles to code that copes better with
// the many equal times of a busy simulation than an if/else on time does (see bench/).
bool EventQueue::before(const Key& a, const Key& b) {
#if defined(XARITH)
  const int lt = a.time < b.time;
  const int eq = a.time == b.time;
  const int olt = a.order < b.order;
  return lt + eq * olt;
#elif defined(XBASE)
  if (a.time != b.time) return a.time < b.time; return a.order < b.order;
#elif defined(XBITS)
  return (a.time < b.time) | ((a.time == b.time) & (a.order < b.order));
#elif defined(XI128)
  using u128 = unsigned __int128;
  const u128 x = (u128(std::uint64_t(a.time) ^ (1ull << 63)) << 64) | a.order;
  const u128 y = (u128(std::uint64_t(b.time) ^ (1ull << 63)) << 64) | b.order;
  return x < y;
#else
  return a.time < b.time || (a.time == b.time && a.order < b.order);
#endif
}

std::uint32_t EventQueue::slot_of(const Key& k) {
  return static_cast<std::uint32_t>(k.order & ((std::uint64_t{1} << kSlotBits) - 1));
}

EventId EventQueue::push(SimTime time, std::uint32_t target, std::uint32_t kind) {
  if (next_sequence_ >> (64 - kSlotBits) != 0) {
    throw std::length_error("EventQueue: sequence numbers exhausted");
  }
  const std::uint32_t slot = acquire_slot();
  const std::uint64_t sequence = next_sequence_++;
  events_[slot] = Event{time, sequence, target, kind};
  heap_.push_back(Key{time, sequence << kSlotBits | slot});
  sift_up(heap_.size() - 1);
  return EventId{slot, generation_[slot]};
}

Event EventQueue::pop() {
  assert(!empty());
  const std::uint32_t slot = slot_of(heap_.front());
  const Event earliest = events_[slot];
  release_slot(slot);
  remove_at(0);
#ifdef XPF2
  if (!heap_.empty()) __builtin_prefetch(&events_[slot_of(heap_.front())]);
#endif
  return earliest;
}

const Event& EventQueue::top() const {
  assert(!empty());
  return events_[slot_of(heap_.front())];
}

bool EventQueue::cancel(EventId id) {
  // A slot's generation is bumped when it is freed, so only the id handed out for the
  // event now in the slot matches (until the 32-bit counter wraps for that one slot).
  if (!id.valid() || id.slot >= generation_.size()) return false;
  if (generation_[id.slot] != id.generation) return false;
  const std::size_t i = position_[id.slot];
  assert(i != kNoPosition);
  release_slot(id.slot);
  remove_at(i);
  return true;
}

// Moves the key at i towards the root; the key is held aside while parents move down
// into the hole, so each level costs one copy instead of a swap.
void EventQueue::sift_up(std::size_t i) {
  const Key moving = heap_[i];
  while (i > 0) {
    const std::size_t parent = parent_of(i);
    if (!before(moving, heap_[parent])) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, moving);
}

void EventQueue::sift_down(std::size_t i) {
  const Key moving = heap_[i];
  const std::size_t n = heap_.size();
  for (;;) {
    const std::size_t first = first_child_of(i);
    if (first >= n) break;
    const std::size_t end = std::min(first + kArity, n);
#ifdef XPF
    const std::size_t grand = first_child_of(first);
    if (grand < n) {
      const char* p = reinterpret_cast<const char*>(&heap_[grand]);
      __builtin_prefetch(p);
      __builtin_prefetch(p + 64);
      __builtin_prefetch(p + 128);
      __builtin_prefetch(p + 192);
    }
#endif
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
  if (i > 0 && before(last, heap_[parent_of(i)])) {
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
