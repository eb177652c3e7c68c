// Running many independent tasks on a few threads: workers take task numbers from one atomic
// counter, and each task stores its result under its own number, so nothing that is written
// depends on which thread ran what, or when.
#pragma once

#include <cstddef>
#include <functional>

namespace relaysim::experiment {

// The default --jobs: the number of hardware threads (1 when unknown).
unsigned default_jobs();

// Calls task(i) for every i in [0, count) on min(jobs, count) threads (the calling thread alone
// when that is 1), and `done(finished)` after each task, one call at a time. After a task
// throws no new task starts; the exception of the lowest-numbered failed task is rethrown.
void run_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task,
                  const std::function<void(std::size_t finished)>& done = {});

}  // namespace relaysim::experiment
