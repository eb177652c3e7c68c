#include "cli/scenario_run.h"

#include <ostream>
#include <stdexcept>
#include <system_error>

#include "cli/run_topology.h"
#include "live/live_observer.h"
#include "live/live_setup.h"
#include "report/atomic_file.h"
#include "report/mailbox_table.h"
#include "report/message_file_name.h"
#include "report/summary_record.h"
#include "world/world.h"

namespace relaysim::cli {
namespace {

namespace fs = std::filesystem;

// Writes every transcript into a fresh folder beside the old one, then swaps them.
void write_transcripts(const fs::path& dir, const std::map<std::uint64_t, std::string>& transcripts) {
  const fs::path staging = dir.string() + ".tmp";
  fs::remove_all(staging);
  fs::create_directories(staging);
  for (const auto& [id, text] : transcripts) {
    report::write_file_atomically(staging / (report::message_file_stem(id) + ".txt"), text);
  }
  fs::remove_all(dir);
  fs::rename(staging, dir);
}

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

// The recorder run_scenario uses (the output folder is made here: the trace is opened in it).
report::RecorderOptions recorder_options(const scenario::ScenarioSpec& spec, const RunOptions& options) {
  report::RecorderOptions recorder_options;
  if (options.out_dir) {
    fs::create_directories(*options.out_dir);
    if (options.trace) recorder_options.trace_path = *options.out_dir / "trace.jsonl";
  }
  recorder_options.transcripts = options.transcripts;
  recorder_options.key_messages = spec.key_messages;
  recorder_options.explain = options.explain;
  recorder_options.catalog = options.catalog;
  recorder_options.metrics = {spec.name, options.variant, spec.seed, spec.metrics_interval};
  return recorder_options;
}

// What serve's command line chose for the outputs, as the setup keeps it.
RunOptions live_run_options(const live::LiveSetup& setup, const fs::path& out_dir) {
  RunOptions options;
  options.out_dir = out_dir;
  options.trace = setup.trace;
  options.explain = setup.explain;
  options.catalog = text::catalog_for(setup.language);
  std::string error;
  const auto choice = report::TranscriptChoice::parse(setup.transcripts, error);
  if (!choice) throw std::invalid_argument("--transcripts: " + error);
  options.transcripts = *choice;
  // A live world cannot be run twice to find its key messages: the simulated ones are sampled
  // (every real client's message is transcribed anyway).
  if (options.transcripts.mode == report::TranscriptChoice::Mode::Key) {
    options.transcripts.mode = report::TranscriptChoice::Mode::Sample;
  }
  return options;
}

RunResult run_once(const scenario::ScenarioSpec& spec, const RunOptions& options) {
  const sim::SimTime end = options.until.value_or(spec.duration);
  RunOutputs outputs(spec, options);
  world::World world(spec, outputs.recorder());
  outputs.recorder().bind(world.topology(), world.mta_count());
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

RunOutputs::RunOutputs(const scenario::ScenarioSpec& spec, const RunOptions& options)
    : spec_(spec), options_(options), recorder_(recorder_options(spec, options)) {}

RunResult RunOutputs::finish(const world::World& world, sim::SimTime end) {
  const scenario::ScenarioSpec& spec = spec_;
  const RunOptions& options = options_;
  report::Recorder& recorder = recorder_;
  recorder.finish(end);

  RunResult result;
  result.metrics = recorder.metrics().run_totals();
  result.metrics_csv = recorder.metrics().csv();
  result.totals = recorder.totals(spec.name, spec.seed, end, world.events());
  result.transcripts = recorder.transcripts();
  if (options.out_dir) {
    recorder.commit_trace();
    report::write_file_atomically(*options.out_dir / "summary.json", report::summary_json(report::summary_record(result.totals)));
    report::write_file_atomically(*options.out_dir / "metrics.csv", result.metrics_csv);
    report::write_file_atomically(*options.out_dir / "mailboxes.csv",
                                  report::mailboxes_csv(world.mailboxes(), world.topology()));
    report::write_file_atomically(*options.out_dir / "topology.json",
                                  report::topology_json(topology_record(spec, world.topology(), end)));
    write_transcripts(*options.out_dir / "transcripts", result.transcripts);
    // Nothing in the folder may describe another run: a trace, diagrams or a report left by an
    // earlier run (they are drawn again with --diagrams or relaysim render).
    if (!options.trace) fs::remove(*options.out_dir / "trace.jsonl");
    fs::remove_all(*options.out_dir / "diagrams");
    fs::remove(*options.out_dir / "report.html");
  }
  return result;
}

LiveRun::LiveRun(const live::LiveScenario& live, const live::LiveSetup& setup, const fs::path& out_dir)
    : options_(live_run_options(setup, out_dir)),
      outputs_(live.spec, options_),
      observer_(std::make_unique<live::LiveObserver>(outputs_.recorder(), live.live_node, setup.live_transcripts)),
      world_(std::make_unique<world::World>(live.spec, *observer_)) {
  outputs_.recorder().bind(world_->topology(), world_->mta_count());
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

}  // namespace relaysim::cli
