// Joining the shard folders of one experiment (relaysim experiment --shard K/N) back into the
// outcomes of every run, after checking that they share one plan and hold each run exactly once.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "experiment/plan.h"
#include "experiment/run_outcome.h"

namespace relaysim::experiment {

// A folder is not a shard, belongs to another plan, or runs are missing or given twice; what()
// says which folder and which runs.
class MergeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MergedRuns {
  Plan plan;
  std::vector<RunOutcome> outcomes;  // every run, in run order
};

MergedRuns merge_shards(const std::vector<std::filesystem::path>& dirs);

}  // namespace relaysim::experiment
