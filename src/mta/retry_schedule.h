// When a deferred message is tried again, and when it is given up: Postfix's queue manager
// waits the message's time in queue, clamped to [minimal_backoff, maximal_backoff], and only
// looks at the deferred queue every queue_run_delay.
#pragma once

#include "mta/mta_config.h"
#include "sim/sim_time.h"

namespace relaysim::mta {

class RetrySchedule {
 public:
  explicit RetrySchedule(const QueueConfig& config) : config_(config) {}

  // The earliest time a message that arrived at `arrival` and failed at `now` may be retried.
  sim::SimTime eligible_at(sim::SimTime arrival, sim::SimTime now) const;
  // The first deferred-queue scan at or after `t` (scans run at multiples of queue_run_delay).
  sim::SimTime next_scan(sim::SimTime t) const;
  // The message has been queued longer than maximal_queue_lifetime: bounce it.
  bool expired(sim::SimTime arrival, sim::SimTime now) const {
    return now - arrival >= config_.maximal_lifetime;
  }

 private:
  const QueueConfig& config_;
};

}  // namespace relaysim::mta
