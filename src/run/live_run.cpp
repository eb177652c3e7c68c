#include "run/live_run.h"

#include <ostream>
#include <stdexcept>

#include "live/live_observer.h"
#include "live/live_setup.h"
#include "world/world.h"

namespace relaysim::run {
namespace {

// What serve's command line chose for the outputs, as the setup keeps it.
RunOptions live_run_options(const live::LiveSetup& setup, const std::filesystem::path& out_dir) {
  RunOptions options;
  options.out_dir = out_dir;
  options.trace = setup.trace;
  options.explain = setup.explain;
  options.catalog = text::catalog_for(setup.language);
  std::string error;
  const auto choice = report::TranscriptChoice::parse(setup.transcripts, error);
  if (!choice) throw std::invalid_argument("--transcripts: " + error);
  options.transcripts = *choice;
  options.mailboxes = setup.mailboxes;
  // A live world cannot be run twice to find its key messages: the simulated ones are sampled
  // (every real client's message is transcribed anyway).
  if (options.transcripts.mode == report::TranscriptChoice::Mode::Key) {
    options.transcripts.mode = report::TranscriptChoice::Mode::Sample;
  }
  return options;
}

}  // namespace

LiveRun::LiveRun(const live::LiveScenario& live, const live::LiveSetup& setup, const std::filesystem::path& out_dir)
    : options_(live_run_options(setup, out_dir)),
      outputs_(live.spec, options_),
      observer_(std::make_unique<live::LiveObserver>(outputs_.recorder(), outputs_.archive(), live.live_node,
                                                     setup.live_transcripts)),
      world_(std::make_unique<world::World>(live.spec, *observer_)) {
  outputs_.bind(*world_);
  world_->start(live.spec.duration);
}

LiveRun::~LiveRun() = default;

RunResult LiveRun::finish(sim::SimTime end) {
  world_->finish();
  return outputs_.finish(*world_, end);
}

void LiveRun::print_outputs(std::ostream& out, const RunResult& result) const {
  const std::string dir = options_.out_dir->string();
  const text::Catalog& tr = options_.catalog;
  out << report::summary_table(result.totals, tr) << "\n"
      << tr.tr("Outputs in {1}/ (summary.json, trace.jsonl, transcripts/, topology.json);", {dir}) << "\n"
      << tr.tr("draw them with: relaysim render {1}", {dir}) << "\n";
}

}  // namespace relaysim::run
