// Running the runs of a plan with run_scenario on a pool of threads. Specs were loaded on the
// main thread (yaml-cpp stays there); each run builds its own world, recorder and random
// streams and nothing in them is shared, so the outcomes do not depend on --jobs.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <vector>

#include "experiment/plan_builder.h"
#include "experiment/run_outcome.h"
#include "text/catalog.h"

namespace relaysim::run {

struct PlanRunOptions {
  unsigned jobs = 1;
  bool progress = false;  // a "runs: k/N" line on stderr
  // Replication 0 of each configuration writes a full run folder (summary, trace, topology,
  // transcripts) into run_folders/<variant>, for the comparison's diagrams.
  std::optional<std::filesystem::path> run_folders;
  text::Catalog catalog;  // the language of the run folders and of the progress line
};

// The outcomes of the plan's runs numbered `runs`, in that order. Throws what run_scenario throws.
std::vector<experiment::RunOutcome> run_plan(const experiment::LoadedPlan& loaded, const std::vector<std::size_t>& runs,
                                             const PlanRunOptions& options, std::ostream& err);

}  // namespace relaysim::run
