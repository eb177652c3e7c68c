#include "sim/simulator.h"

#include <stdexcept>
#include <string>

namespace relaysim::sim {

EventId Simulator::schedule_at(SimTime at, std::uint32_t target, std::uint32_t kind) {
  if (at < now_) {
    throw std::logic_error("event scheduled in the past: at " + std::to_string(at) +
                           " us, now " + std::to_string(now_) + " us");
  }
  return queue_.push(at, target, kind);
}

void Simulator::schedule_in_fifo(SimTime delay, std::uint32_t target, std::uint32_t kind) {
  if (delay < 0) throw std::logic_error("event scheduled in the past: delay " + std::to_string(delay) + " us");
  queue_.push_after(now_ + delay, delay, target, kind);
}

void Simulator::run_until(SimTime until) {
  if (until < now_) {
    throw std::logic_error("run_until into the past: until " + std::to_string(until) +
                           " us, now " + std::to_string(now_) + " us");
  }
  Event event;
  while (queue_.pop_due(until, event)) execute(event);
  now_ = until;  // the simulated time has passed even where nothing happened
}

void Simulator::run() {
  while (!queue_.empty()) execute(queue_.pop());
}

// The event leaves the queue before the handler sees it, so the handler can schedule and
// cancel freely, and cancelling the running event's own id reports false.
void Simulator::execute(const Event& event) {
  now_ = event.time;
  ++executed_;
  handler_.on_event(event.target, event.kind);
}

}  // namespace relaysim::sim
