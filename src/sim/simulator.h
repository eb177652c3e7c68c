// The discrete-event kernel: a pending-event set of small keys ordered by (time, sequence),
// with cancellation, driving one EventHandler. It knows nothing of SMTP or mail servers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/event_queue.h"
#include "sim/sim_time.h"

namespace relaysim::sim {

// The model side of the kernel: receives each event's (target, kind) when its time comes.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void on_event(std::uint32_t target, std::uint32_t kind) = 0;
};

class Simulator {
 public:
  explicit Simulator(EventHandler& handler) : handler_(handler) {}

  SimTime now() const { return now_; }
  // Schedules an event at absolute time `at`. Throws std::logic_error if `at` < now():
  // an event in the past is a bug in the model, and running it late would hide that.
  EventId schedule_at(SimTime at, std::uint32_t target, std::uint32_t kind);
  EventId schedule_in(SimTime delay, std::uint32_t target, std::uint32_t kind) {
    return schedule_at(now_ + delay, target, kind);
  }
  // The same, for a delay the model uses again and again (a link's latency, a fixed timeout)
  // and an event it never cancels: such events wait in a FIFO run of their delay, which
  // costs O(1) where the heap costs O(log n). They run in the same order as they would with
  // schedule_in.
  void schedule_in_fifo(SimTime delay, std::uint32_t target, std::uint32_t kind);
  // Returns false when the event has already run or was cancelled.
  bool cancel(EventId id) { return queue_.cancel(id); }

  // Runs events in (time, sequence) order while the next one is at or before `until`.
  // Afterwards now() is `until` if events remain, else the time of the last event run
  // (unchanged if none ran). The handler may schedule and cancel events meanwhile.
  // Throws std::logic_error if `until` < now().
  void run_until(SimTime until);
  // Runs until no events remain.
  void run();

  // See EventQueue::upcoming_in_heap.
  const Event* upcoming_in_heap(std::size_t rank) const { return queue_.upcoming_in_heap(rank); }
  std::uint64_t events_executed() const { return executed_; }
  std::size_t pending() const { return queue_.size(); }

 private:
  void execute(const Event& event);

  EventHandler& handler_;
  EventQueue queue_;
  SimTime now_ = 0;
  std::uint64_t executed_ = 0;
};

}  // namespace relaysim::sim
