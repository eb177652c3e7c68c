// One run of a scenario from a validated spec to its outputs: the world is built and run,
// the recorder's totals checked, and the files written into the output directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/recorder.h"
#include "report/run_totals.h"
#include "scenario/scenario_spec.h"
#include "text/catalog.h"

namespace relaysim::world {
class World;
}
namespace relaysim::live {
class LiveObserver;
struct LiveScenario;
struct LiveSetup;
}  // namespace relaysim::live

namespace relaysim::cli {

struct RunOptions {
  std::optional<std::filesystem::path> out_dir;  // nullopt: write no files
  std::optional<sim::SimTime> until;             // default: the scenario's duration
  bool trace = true;
  report::TranscriptChoice transcripts;
  bool explain = false;
  text::Catalog catalog;  // the language of the --explain notes
  std::string variant;  // the experiment variant this run belongs to (metrics.csv's variant column)
  // Called now and then with the simulated time reached (for a progress line).
  std::function<void(sim::SimTime now, sim::SimTime end)> progress;
};

struct RunResult {
  report::RunTotals totals;
  std::map<std::uint64_t, std::string> transcripts;  // message id -> dialogue
  // Every metric over the whole run, by name, in a fixed order (the columns of metrics.csv,
  // summed over its intervals, then the end-of-run counts): what experiments average.
  std::vector<std::pair<std::string, double>> metrics;
  std::string metrics_csv;  // metrics.csv: one row per interval, with scenario, variant and seed
};

// Throws std::runtime_error (output could not be written) or std::logic_error (lost copies).
RunResult run_scenario(const scenario::ScenarioSpec& spec, const RunOptions& options);

// What run_scenario does around the world, for a world run another way (relaysim serve): the
// recorder, made with `options` (the output folder is created, the trace opened), and at the
// end the totals checked and the files written. `options.until`/`progress` are not used.
class RunOutputs {
 public:
  RunOutputs(const scenario::ScenarioSpec& spec, const RunOptions& options);
  report::Recorder& recorder() { return recorder_; }
  // After world.finish(): closes the metrics at `end`, collects the results and writes the files.
  RunResult finish(const world::World& world, sim::SimTime end);

 private:
  const scenario::ScenarioSpec& spec_;
  const RunOptions& options_;
  report::Recorder recorder_;
};

// A world fed by real clients (relaysim serve) or by their journal (relaysim recover), and its
// outputs: one setup and one finish for both, so that recover writes the files serve writes.
class LiveRun {
 public:
  // Makes the output folder (the trace is opened in it), builds the world and starts it.
  // `live` must outlive this. Throws std::runtime_error (outputs), std::invalid_argument
  // (the setup's --transcripts).
  LiveRun(const live::LiveScenario& live, const live::LiveSetup& setup, const std::filesystem::path& out_dir);
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  world::World& world() { return *world_; }
  live::LiveObserver& observer() { return *observer_; }
  // Reports what is still queued at `end` (the world has been advanced to it) and writes the files.
  RunResult finish(sim::SimTime end);
  // The totals table and where the files are, in the setup's language.
  void print_outputs(std::ostream& out, const RunResult& result) const;
  const text::Catalog& catalog() const { return options_.catalog; }

 private:
  RunOptions options_;
  RunOutputs outputs_;
  std::unique_ptr<live::LiveObserver> observer_;
  std::unique_ptr<world::World> world_;
};

}  // namespace relaysim::cli
