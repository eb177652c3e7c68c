#include "sim/event_queue.h"

#include <cstdint>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

namespace relaysim::sim {
namespace {

// Pops everything and returns the targets, which the tests use as labels.
std::vector<std::uint32_t> drain_targets(EventQueue& queue) {
  std::vector<std::uint32_t> targets;
  while (!queue.empty()) targets.push_back(queue.pop().target);
  return targets;
}

TEST_CASE("a new queue is empty", "[sim][event_queue]") {
  EventQueue queue;
  CHECK(queue.empty());
  CHECK(queue.size() == 0);
}

TEST_CASE("events come out in time order", "[sim][event_queue]") {
  EventQueue queue;
  queue.push(30, 3, 0);
  queue.push(10, 1, 0);
  queue.push(20, 2, 0);
  CHECK(queue.size() == 3);
  CHECK(queue.top().time == 10);
  CHECK(drain_targets(queue) == std::vector<std::uint32_t>{1, 2, 3});
}

TEST_CASE("events at the same time come out in the order they were pushed",
          "[sim][event_queue]") {
  EventQueue queue;
  for (std::uint32_t i = 0; i < 20; ++i) queue.push(5, i, 0);
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 0; i < 20; ++i) expected.push_back(i);
  CHECK(drain_targets(queue) == expected);
}

TEST_CASE("a popped event carries its time, target and kind", "[sim][event_queue]") {
  EventQueue queue;
  queue.push(42, 7, 9);
  const Event event = queue.pop();
  CHECK(event.time == 42);
  CHECK(event.target == 7);
  CHECK(event.kind == 9);
}

TEST_CASE("a cancelled event never comes out", "[sim][event_queue]") {
  EventQueue queue;
  queue.push(10, 1, 0);
  const EventId doomed = queue.push(20, 2, 0);
  queue.push(30, 3, 0);
  CHECK(queue.cancel(doomed));
  CHECK(queue.size() == 2);
  CHECK(drain_targets(queue) == std::vector<std::uint32_t>{1, 3});
}

TEST_CASE("cancelling the earliest event exposes the next one", "[sim][event_queue]") {
  EventQueue queue;
  const EventId first = queue.push(10, 1, 0);
  queue.push(20, 2, 0);
  CHECK(queue.cancel(first));
  CHECK(queue.top().target == 2);
}

TEST_CASE("an event cannot be cancelled twice", "[sim][event_queue]") {
  EventQueue queue;
  const EventId id = queue.push(10, 1, 0);
  CHECK(queue.cancel(id));
  CHECK_FALSE(queue.cancel(id));
  CHECK(queue.empty());
}

TEST_CASE("an event that has already been popped cannot be cancelled", "[sim][event_queue]") {
  EventQueue queue;
  const EventId id = queue.push(10, 1, 0);
  queue.pop();
  CHECK_FALSE(queue.cancel(id));
}

TEST_CASE("a stale id cannot cancel the event that reuses its slot", "[sim][event_queue]") {
  EventQueue queue;
  const EventId old_id = queue.push(10, 1, 0);
  queue.pop();
  const EventId new_id = queue.push(20, 2, 0);
  REQUIRE(new_id.slot == old_id.slot);  // the slot was recycled...
  CHECK(new_id.generation != old_id.generation);
  CHECK_FALSE(queue.cancel(old_id));  // ...but the old id no longer names it
  CHECK(queue.size() == 1);
  CHECK(queue.cancel(new_id));
}

TEST_CASE("an id that names no event cancels nothing", "[sim][event_queue]") {
  EventQueue queue;
  queue.push(10, 1, 0);
  CHECK_FALSE(queue.cancel(EventId{}));
  CHECK_FALSE(queue.cancel(EventId{12345, 0}));
  CHECK(queue.size() == 1);
}

TEST_CASE("cancelling from the middle keeps the remaining events in order",
          "[sim][event_queue]") {
  EventQueue queue;
  std::vector<EventId> ids;
  // Descending times so the heap is well shuffled relative to insertion order.
  for (std::uint32_t i = 0; i < 100; ++i) ids.push_back(queue.push(1000 - i, i, 0));
  for (std::uint32_t i = 0; i < 100; i += 3) CHECK(queue.cancel(ids[i]));
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 100; i-- > 0;) {
    if (i % 3 != 0) expected.push_back(i);
  }
  CHECK(drain_targets(queue) == expected);
}

TEST_CASE("a large queue with cancellations pops in (time, push order) order",
          "[sim][event_queue]") {
  std::mt19937_64 rng(42);
  EventQueue queue;
  std::vector<EventId> ids;
  for (std::uint32_t i = 0; i < 100000; ++i) {
    ids.push_back(queue.push(static_cast<SimTime>(rng() % 5000), i, 0));
  }
  for (std::size_t i = 0; i < ids.size(); i += 7) REQUIRE(queue.cancel(ids[i]));
  Event previous = queue.pop();
  std::size_t popped = 1;
  while (!queue.empty()) {
    const Event next = queue.pop();
    REQUIRE(next.target % 7 != 0);
    const bool in_order = previous.time < next.time ||
                          (previous.time == next.time && previous.target < next.target);
    REQUIRE(in_order);
    previous = next;
    ++popped;
  }
  CHECK(popped == 100000 - (100000 + 6) / 7);
}

// The reference model: an ordered set of (time, push order), which is exactly the order
// the queue promises. The engine is std::mt19937_64 (fully specified by the standard);
// only integer modulo is applied to it, so the test is the same on every platform.
TEST_CASE("the queue pops in the same order as an ordered set, with FIFO runs of fixed delays and cancels of the others interleaved",
          "[sim][event_queue]") {
  const std::uint64_t seed = GENERATE(1, 2, 3, 4, 5);
  std::mt19937_64 rng(seed);
  EventQueue queue;
  using Key = std::pair<SimTime, std::uint32_t>;  // (time, label in push order)
  std::set<Key> reference;
  struct Pending {
    EventId id;  // invalid for an event of a recurring delay: those are never cancelled
    SimTime time;
  };
  std::map<std::uint32_t, Pending> pending;  // by label
  std::vector<EventId> dead_ids;              // popped or cancelled
  std::uint32_t next_label = 0;
  SimTime now = 0;

  for (int step = 0; step < 20000; ++step) {
    const std::uint64_t dice = rng() % 100;
    if (dice < 50 || reference.empty()) {
      // Small time range so that equal times, and thus sequence tie-breaks, are common. Half
      // the events come with one of ten recurring delays: more than the queue keeps runs for.
      const bool recurring = rng() % 2 == 0;
      const SimTime delay = static_cast<SimTime>(recurring ? rng() % 10 * 5 : rng() % 50);
      const SimTime time = now + delay;
      const std::uint32_t label = next_label++;
      EventId id;
      if (recurring) {
        queue.push_after(time, delay, label, 0);
      } else {
        id = queue.push(time, label, 0);
      }
      pending[label] = Pending{id, time};
      reference.emplace(time, label);
    } else if (dice < 80) {
      const Event event = queue.pop();
      REQUIRE(event.time == reference.begin()->first);
      REQUIRE(event.target == reference.begin()->second);
      now = event.time;
      reference.erase(reference.begin());
      if (pending.at(event.target).id.valid()) dead_ids.push_back(pending.at(event.target).id);
      pending.erase(event.target);
    } else if (const auto victim = std::next(pending.begin(), static_cast<long>(rng() % pending.size()));
               dice < 95 && victim->second.id.valid()) {
      REQUIRE(queue.cancel(victim->second.id));
      REQUIRE(reference.erase(Key{victim->second.time, victim->first}) == 1);
      dead_ids.push_back(victim->second.id);
      pending.erase(victim);
    } else if (!dead_ids.empty()) {
      REQUIRE_FALSE(queue.cancel(dead_ids[rng() % dead_ids.size()]));
    }
    REQUIRE(queue.size() == reference.size());
    if (!reference.empty()) REQUIRE(queue.top().target == reference.begin()->second);
  }
}

TEST_CASE("events pushed with one recurring delay come out in time order among the others",
          "[sim][event_queue]") {
  EventQueue queue;
  queue.push_after(40, 40, 1, 0);
  queue.push(10, 2, 0);
  queue.push_after(40, 40, 3, 0);
  queue.push(40, 4, 0);
  queue.push_after(80, 40, 5, 0);
  CHECK(queue.size() == 5);
  CHECK(drain_targets(queue) == std::vector<std::uint32_t>{2, 1, 3, 4, 5});
}

TEST_CASE("popping what is due takes the events up to the bound and leaves the later ones", "[sim][event_queue]") {
  EventQueue queue;
  queue.push_after(40, 40, 1, 0);
  queue.push(30, 2, 0);
  queue.push(50, 3, 0);
  Event event;
  REQUIRE(queue.pop_due(40, event));
  CHECK(event.target == 2);
  REQUIRE(queue.pop_due(40, event));
  CHECK(event.target == 1);
  CHECK_FALSE(queue.pop_due(40, event));
  CHECK(queue.size() == 1);
  CHECK(queue.top().target == 3);
}

TEST_CASE("the heap's two earliest events are known ahead, whatever waits in the FIFO runs", "[sim][event_queue]") {
  EventQueue queue;
  CHECK(queue.upcoming_in_heap(0) == nullptr);
  std::mt19937_64 random(7);
  std::multimap<std::pair<SimTime, std::uint32_t>, std::uint32_t> in_heap;  // (time, push order) -> target
  for (std::uint32_t target = 0; target < 200; ++target) {
    const SimTime time = static_cast<SimTime>(random() % 1000);
    if (target % 3 == 0) {
      queue.push_after(40, 40, 1000 + target, 0);  // a run's event: never reported
    } else {
      queue.push(time, target, 0);
      in_heap.emplace(std::make_pair(time, target), target);
    }
  }
  while (!in_heap.empty()) {
    const Event* first = queue.upcoming_in_heap(0);
    const Event* second = queue.upcoming_in_heap(1);
    REQUIRE(first != nullptr);
    CHECK(first->target == in_heap.begin()->second);
    if (in_heap.size() > 1) {
      REQUIRE(second != nullptr);
      CHECK(second->target == std::next(in_heap.begin())->second);
    } else {
      CHECK(second == nullptr);
    }
    const Event popped = queue.pop();
    if (popped.target < 1000) in_heap.erase(in_heap.begin());
  }
  CHECK(queue.upcoming_in_heap(0) == nullptr);
}

}  // namespace
}  // namespace relaysim::sim
