// What a run does around its world, however the world is driven: the recorder, made for the
// run's options, and at the end the totals collected and the files written.
#pragma once

#include "report/recorder.h"
#include "run/run_options.h"
#include "run/run_result.h"
#include "scenario/scenario_spec.h"

namespace relaysim::world {
class World;
}

namespace relaysim::run {

// Made with `options` (the output folder is created, the trace opened in it), which must outlive
// it. `options.until` and `progress` are not used: the caller drives the world.
class RunOutputs {
 public:
  RunOutputs(const scenario::ScenarioSpec& spec, const RunOptions& options);
  report::Recorder& recorder() { return recorder_; }
  // After world.finish(): closes the metrics at `end`, collects the results and writes the files.
  // Throws std::runtime_error (output could not be written) or std::logic_error (lost copies).
  RunResult finish(const world::World& world, sim::SimTime end);

 private:
  const scenario::ScenarioSpec& spec_;
  const RunOptions& options_;
  report::Recorder recorder_;
};

}  // namespace relaysim::run
