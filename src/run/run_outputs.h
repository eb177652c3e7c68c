// What a run does around its world, however the world is driven: the recorder, made for the
// run's options, and at the end the totals collected and the files written.
#pragma once

#include <memory>

#include "report/mail_archive.h"
#include "report/recorder.h"
#include "run/run_options.h"
#include "run/run_result.h"
#include "scenario/scenario_spec.h"
#include "world/observer_fanout.h"

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
  // The mail archive (options.mailboxes), or null.
  report::MailArchive* archive() { return archive_.get(); }
  // What the world reports to: the recorder, and the mail archive when options.mailboxes asks
  // for one (and there is an output folder).
  world::WorldObserver& observer();
  // Once the world is built: the outputs learn its hosts.
  void bind(const world::World& world);
  // After world.finish(): closes the metrics at `end`, collects the results and writes the files.
  // Throws std::runtime_error (output could not be written) or std::logic_error (lost copies).
  RunResult finish(const world::World& world, sim::SimTime end);

 private:
  const scenario::ScenarioSpec& spec_;
  const RunOptions& options_;
  report::Recorder recorder_;
  std::unique_ptr<report::MailArchive> archive_;
  world::ObserverFanout fanout_;
};

}  // namespace relaysim::run
