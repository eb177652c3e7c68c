#include "sim/simulator.h"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

namespace relaysim::sim {
namespace {

struct Ran {
  SimTime time;
  std::uint32_t target;
  std::uint32_t kind;
  bool operator==(const Ran&) const = default;
};

// Records what ran and when; `react`, if set, lets a test act from inside an event.
class Recorder : public EventHandler {
 public:
  void on_event(std::uint32_t target, std::uint32_t kind) override {
    ran.push_back(Ran{sim->now(), target, kind});
    if (react) react(target, kind);
  }

  Simulator* sim = nullptr;
  std::vector<Ran> ran;
  std::function<void(std::uint32_t target, std::uint32_t kind)> react;
};

// A simulator wired to a recorder, as every test here needs.
struct Fixture {
  Fixture() { recorder.sim = &sim; }
  Recorder recorder;
  Simulator sim{recorder};
};

TEST_CASE("events run in time order and now() is each event's time", "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(30, 3, 0);
  f.sim.schedule_at(10, 1, 0);
  f.sim.schedule_at(20, 2, 5);
  f.sim.run();
  CHECK(f.recorder.ran == std::vector<Ran>{{10, 1, 0}, {20, 2, 5}, {30, 3, 0}});
  CHECK(f.sim.events_executed() == 3);
  CHECK(f.sim.pending() == 0);
}

TEST_CASE("events at the same time run in the order they were scheduled",
          "[sim][simulator]") {
  Fixture f;
  for (std::uint32_t i = 0; i < 10; ++i) f.sim.schedule_at(7, i, 0);
  f.sim.run();
  REQUIRE(f.recorder.ran.size() == 10);
  for (std::uint32_t i = 0; i < 10; ++i) CHECK(f.recorder.ran[i].target == i);
}

TEST_CASE("an event scheduled for now by a running event runs after those already due",
          "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(5, 1, 0);
  f.sim.schedule_at(5, 2, 0);
  f.recorder.react = [&](std::uint32_t target, std::uint32_t) {
    if (target == 1) f.sim.schedule_in(0, 3, 0);
  };
  f.sim.run();
  CHECK(f.recorder.ran == std::vector<Ran>{{5, 1, 0}, {5, 2, 0}, {5, 3, 0}});
}

TEST_CASE("a cancelled event never runs", "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(10, 1, 0);
  const EventId doomed = f.sim.schedule_at(20, 2, 0);
  CHECK(f.sim.cancel(doomed));
  f.sim.run();
  CHECK(f.recorder.ran == std::vector<Ran>{{10, 1, 0}});
}

TEST_CASE("a running event can cancel a pending one", "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(10, 1, 0);
  const EventId timeout = f.sim.schedule_at(20, 2, 0);
  f.recorder.react = [&](std::uint32_t target, std::uint32_t) {
    if (target == 1) CHECK(f.sim.cancel(timeout));
  };
  f.sim.run();
  CHECK(f.recorder.ran == std::vector<Ran>{{10, 1, 0}});
}

TEST_CASE("an event that has already run cannot be cancelled", "[sim][simulator]") {
  Fixture f;
  const EventId id = f.sim.schedule_at(10, 1, 0);
  f.sim.run();
  CHECK_FALSE(f.sim.cancel(id));
}

TEST_CASE("a running event cannot cancel itself", "[sim][simulator]") {
  Fixture f;
  EventId self;
  bool cancelled = true;
  f.recorder.react = [&](std::uint32_t, std::uint32_t) { cancelled = f.sim.cancel(self); };
  self = f.sim.schedule_at(10, 1, 0);
  f.sim.run();
  CHECK_FALSE(cancelled);
}

TEST_CASE("schedule_in is relative to the current time", "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(100, 1, 0);
  f.recorder.react = [&](std::uint32_t target, std::uint32_t) {
    if (target == 1) f.sim.schedule_in(25, 2, 0);
  };
  f.sim.run();
  CHECK(f.recorder.ran == std::vector<Ran>{{100, 1, 0}, {125, 2, 0}});
}

TEST_CASE("a chain of self-rescheduling events advances time", "[sim][simulator]") {
  Fixture f;
  f.recorder.react = [&](std::uint32_t target, std::uint32_t kind) {
    if (kind < 4) f.sim.schedule_in(kSecond, target, kind + 1);
  };
  f.sim.schedule_at(0, 9, 0);
  f.sim.run();
  CHECK(f.sim.events_executed() == 5);
  CHECK(f.sim.now() == 4 * kSecond);
}

TEST_CASE("run_until runs events at exactly the given time and leaves later ones pending",
          "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(10, 1, 0);
  f.sim.schedule_at(20, 2, 0);
  f.sim.schedule_at(21, 3, 0);
  f.sim.run_until(20);
  CHECK(f.recorder.ran == std::vector<Ran>{{10, 1, 0}, {20, 2, 0}});
  CHECK(f.sim.pending() == 1);
  CHECK(f.sim.now() == 20);
}

TEST_CASE("run_until moves time to the given time when events remain", "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(10, 1, 0);
  f.sim.schedule_at(100, 2, 0);
  f.sim.run_until(50);
  CHECK(f.sim.now() == 50);
  SECTION("and a later run_until continues from there") {
    f.sim.run_until(200);
    CHECK(f.recorder.ran.back() == Ran{100, 2, 0});
    CHECK(f.sim.now() == 200);
  }
}

TEST_CASE("when nothing remains, run_until still ends at the time it was given",
          "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(10, 1, 0);
  f.sim.run_until(kHour);
  CHECK(f.sim.now() == kHour);
}

TEST_CASE("run_until with no events only moves the time", "[sim][simulator]") {
  Fixture f;
  f.sim.run_until(kHour);
  CHECK(f.sim.now() == kHour);
  CHECK(f.sim.events_executed() == 0);
}

TEST_CASE("events scheduled during run_until past the limit stay pending",
          "[sim][simulator]") {
  Fixture f;
  f.recorder.react = [&](std::uint32_t target, std::uint32_t) {
    if (target == 1) f.sim.schedule_in(100, 2, 0);
  };
  f.sim.schedule_at(10, 1, 0);
  f.sim.run_until(50);
  CHECK(f.recorder.ran.size() == 1);
  CHECK(f.sim.pending() == 1);
  CHECK(f.sim.now() == 50);
}

TEST_CASE("scheduling an event in the past is rejected", "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(10, 1, 0);
  f.sim.run();
  CHECK_THROWS_AS(f.sim.schedule_at(9, 2, 0), std::logic_error);
  CHECK_THROWS_AS(f.sim.schedule_in(-1, 2, 0), std::logic_error);
  CHECK(f.sim.pending() == 0);
  CHECK_NOTHROW(f.sim.schedule_at(10, 2, 0));
}

TEST_CASE("running until a time before now is rejected", "[sim][simulator]") {
  Fixture f;
  f.sim.schedule_at(10, 1, 0);
  f.sim.schedule_at(20, 1, 0);
  f.sim.run_until(15);
  CHECK_THROWS_AS(f.sim.run_until(14), std::logic_error);
  CHECK(f.sim.now() == 15);
}

}  // namespace
}  // namespace relaysim::sim
