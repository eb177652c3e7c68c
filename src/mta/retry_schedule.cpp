#include "mta/retry_schedule.h"

#include <algorithm>

namespace relaysim::mta {

sim::SimTime RetrySchedule::eligible_at(sim::SimTime arrival, sim::SimTime now) const {
  const sim::SimTime backoff =
      std::clamp(now - arrival, config_.minimal_backoff, config_.maximal_backoff);
  return now + backoff;
}

sim::SimTime RetrySchedule::next_scan(sim::SimTime t) const {
  const sim::SimTime period = config_.queue_run_delay;
  if (period <= 0) return t;
  return (t + period - 1) / period * period;
}

}  // namespace relaysim::mta
