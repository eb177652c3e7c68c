#include "run/scenario_run.h"

#include "run/run_outputs.h"
#include "world/world.h"

namespace relaysim::run {
namespace {

void run_world(world::World& world, sim::SimTime end, const RunOptions& options) {
  world.start(end);
  if (!options.progress) {
    world.advance_to(end);
  } else {
    constexpr int kSteps = 100;
    for (int step = 1; step <= kSteps; ++step) {
      const sim::SimTime t = end / kSteps * step + (step == kSteps ? end % kSteps : 0);
      world.advance_to(t);
      options.progress(t, end);
    }
  }
  world.finish();
}

RunResult run_once(const scenario::ScenarioSpec& spec, const RunOptions& options) {
  const sim::SimTime end = options.until.value_or(spec.duration);
  RunOutputs outputs(spec, options);
  world::World world(spec, outputs.observer());
  outputs.bind(world);
  run_world(world, end, options);
  return outputs.finish(world, end);
}

// The messages --transcripts key writes: the scenario's own, then those of each outcome.
report::TranscriptChoice key_transcripts(const report::RunTotals& totals) {
  report::TranscriptChoice choice;
  choice.mode = report::TranscriptChoice::Mode::Ids;
  for (const report::KeyMessage& k : totals.key_messages) choice.ids.push_back(k.id);
  return choice;
}

}  // namespace

RunResult run_scenario(const scenario::ScenarioSpec& spec, const RunOptions& options) {
  if (options.transcripts.mode != report::TranscriptChoice::Mode::Key) return run_once(spec, options);
  // Which message ends how is known only at the end: a first pass without outputs finds the
  // key messages, and the same world (same seed) runs again to write their transcripts.
  RunOptions first = options;
  first.out_dir.reset();
  first.trace = false;
  first.transcripts.mode = report::TranscriptChoice::Mode::None;  // (its progress shows too: it is half the work)
  RunOptions second = options;
  second.transcripts = key_transcripts(run_once(spec, first).totals);
  return run_once(spec, second);
}

}  // namespace relaysim::run
