// A world fed by real clients (relaysim serve) or by their journal (relaysim recover), and its
// outputs: one setup and one finish for both, so that recover writes the files serve writes.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>

#include "run/run_options.h"
#include "run/run_outputs.h"
#include "run/run_result.h"

namespace relaysim::world {
class World;
}
namespace relaysim::live {
class LiveObserver;
struct LiveScenario;
struct LiveSetup;
}  // namespace relaysim::live

namespace relaysim::run {

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

}  // namespace relaysim::run
